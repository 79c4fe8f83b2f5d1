// The checks behind `npm run schema:check -- <service>`, kept free of git, of the file system and of
// running services so they can be tested on their own with fixture SDL: one service's candidate
// subgraph composed with the others' committed SDL, the breaking changes of the graph that makes
// against the base's supergraph, the operations the console and the tests send validated against
// it, and the service's published event versions against the base's catalog.
import { Supergraph } from '@apollo/federation-internals';
import {
  DefinitionNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
  validate,
  visit,
} from 'graphql';
import * as ts from 'typescript';
import { composeSupergraph, CompositionError, SubgraphDefinition } from '../../gateway/src/compose';
import {
  AllowedGraphChange,
  describeEventViolation,
  EventViolation,
  eventCatalogViolations,
  GraphChangeReport,
  graphChanges,
  JsonSchema,
} from './contract-check';

/** One operation a client sends, with the fragments it spreads. */
export interface ClientOperation {
  /** Where it is written: the file, with the export or line that holds it. */
  source: string;
  /** Its name, or what it asks for when it has none (`anonymous query of case`). */
  name: string;
  document: DocumentNode;
}

/** How to name an operation in a report: where it is, and which. */
export const describeOperation = (operation: ClientOperation): string => `${operation.source}: ${operation.name}`;

const isExecutable = (d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION;

function operationName(operation: OperationDefinitionNode): string {
  if (operation.name) return operation.name.value;
  const fields = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…'));
  return `anonymous ${operation.operation} of ${fields.join(', ')}`;
}

/** The fragments `node` spreads, and those they spread, by name. */
function fragmentsUsedBy(node: OperationDefinitionNode | FragmentDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (from: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(from, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(node);
  return [...used.values()];
}

/**
 * The operations of one GraphQL document, each with the fragments of the document it uses (a
 * spread of a fragment the document lacks stays, and fails validation). A document that is not
 * GraphQL, or that defines types (a schema), has no operations.
 */
export function operationsOfDocument(source: string, text: string): ClientOperation[] {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch {
    return [];
  }
  if (!document.definitions.every(isExecutable)) return [];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({
      source,
      name: operationName(operation),
      document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsedBy(operation, fragments)] },
    }));
}

/** The operations among a module's exports: each string export that is a GraphQL operation document. */
export function operationsOfExports(file: string, exports: Record<string, unknown>): ClientOperation[] {
  return Object.entries(exports).flatMap(([name, value]) =>
    typeof value === 'string' ? operationsOfDocument(`${file} (${name})`, value) : [],
  );
}

/** Text that may be a GraphQL operation: it begins as one does. */
const LOOKS_LIKE_OPERATION = /^\s*(?:(?:query|mutation|subscription)\b|\{)/;

/**
 * Whether a literal that begins as an operation is one. A `{ … }` literal is a shorthand query only
 * where it is sent: passed to a call, or given as `query`; elsewhere it is a selection set that code
 * puts into a document (`'{ id }'`).
 */
function isSentAsOperation(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): boolean {
  if (!/^\s*\{/.test(node.text)) return true;
  const holder = node.parent;
  return ts.isCallExpression(holder) || (ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === 'query');
}

/**
 * The operations written as literals in a TypeScript file: every string or template literal
 * without substitutions that parses as an operation document (see isSentAsOperation). A template
 * with substitutions cannot be read without running the code; `interpolated` counts those that
 * begin as an operation.
 */
export function operationsInTypeScript(file: string, text: string): { operations: ClientOperation[]; interpolated: number } {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const operations: ClientOperation[] = [];
  let interpolated = 0;
  const visitNode = (node: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      if (LOOKS_LIKE_OPERATION.test(node.text) && isSentAsOperation(node)) {
        const line = sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        const holder = node.parent;
        const name =
          (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name)
            ? ` (${holder.name.text})`
            : '';
        operations.push(...operationsOfDocument(`${file}:${line}${name}`, node.text));
      }
    } else if (ts.isTemplateExpression(node) && LOOKS_LIKE_OPERATION.test(node.head.text)) {
      interpolated += 1;
    }
    ts.forEachChild(node, visitNode);
  };
  visitNode(sourceFile);
  return { operations, interpolated };
}

/** The schema clients are served from a supergraph (federation's API schema: no join machinery, nothing @inaccessible). */
export function clientSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** An operation the graph no longer answers, with graphql's reasons. */
export interface InvalidOperation {
  operation: string;
  errors: string[];
}

/** Every operation that does not validate against `schema`, named by describeOperation. */
export function invalidOperations(schema: GraphQLSchema, operations: readonly ClientOperation[]): InvalidOperation[] {
  return operations.flatMap((operation) => {
    const errors = validate(schema, operation.document);
    return errors.length > 0 ? [{ operation: describeOperation(operation), errors: errors.map((e) => e.message) }] : [];
  });
}

/** The event versions a service publishes: the types named `<service>.…`. */
export function eventsOf(service: string, catalog: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(catalog).filter(([type]) => type.startsWith(`${service}.`)));
}

export interface SchemaCheckInput {
  /** The candidate subgraph: the service's name, the URL the supergraph names, and its SDL. */
  candidate: SubgraphDefinition;
  /** The committed subgraphs of the other services (one of the candidate's name is left out). */
  others: readonly SubgraphDefinition[];
  /** The base's supergraph; undefined when there is no base to compare with. */
  baseSupergraph?: string;
  /** The breaking changes the graph may make (docs/graph-changes-allowed.json). */
  allow: readonly AllowedGraphChange[];
  /** The operations the console and the tests send. */
  operations: readonly ClientOperation[];
  /** The base's event catalog; undefined when there is no base to compare with. */
  baseEvents?: Record<string, JsonSchema>;
  /** The event catalog as it is now. */
  currentEvents: Record<string, JsonSchema>;
}

export interface SchemaCheckReport {
  service: string;
  /** Composition's messages; empty when the candidate composed with the others. */
  compositionErrors: string[];
  /** The supergraph the candidate composes to, when it does. */
  supergraph?: string;
  /** The graph's changes against the base's supergraph (undefined: no base, or no composition). */
  graph?: GraphChangeReport;
  /** How many operations were validated (none when composition failed), and those that no longer validate. */
  operations: { checked: number; invalid: InvalidOperation[] };
  /** The service's published event versions at the base, and how the catalog now breaks them (undefined: no base). */
  events?: { published: number; violations: EventViolation[] };
}

/** Composes the candidate with the others and runs every check on what it makes. */
export async function checkSchema(input: SchemaCheckInput): Promise<SchemaCheckReport> {
  const service = input.candidate.name;
  const baseEvents = input.baseEvents && eventsOf(service, input.baseEvents);
  const events = baseEvents && {
    published: Object.keys(baseEvents).length,
    violations: eventCatalogViolations(baseEvents, eventsOf(service, input.currentEvents)),
  };
  let supergraph: string;
  try {
    supergraph = composeSupergraph([input.candidate, ...input.others.filter((o) => o.name !== service)]);
  } catch (error) {
    if (!(error instanceof CompositionError)) throw error;
    return { service, compositionErrors: error.errors, operations: { checked: 0, invalid: [] }, events };
  }
  const graph = input.baseSupergraph === undefined ? undefined : await graphChanges(input.baseSupergraph, supergraph, input.allow);
  const invalid = invalidOperations(clientSchemaOf(supergraph), input.operations);
  return { service, compositionErrors: [], supergraph, graph, operations: { checked: input.operations.length, invalid }, events };
}

/** Whether the report holds a failure: no composition, an unallowed breaking change, an operation that no longer validates, an incompatible event. */
export function schemaCheckFailed(report: SchemaCheckReport): boolean {
  return (
    report.compositionErrors.length > 0 ||
    (report.graph?.unallowed.length ?? 0) > 0 ||
    report.operations.invalid.length > 0 ||
    (report.events?.violations.length ?? 0) > 0
  );
}

/** What the report compared with: the base commit's label, or why there is none. */
export interface SchemaCheckBase {
  label?: string;
  note?: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The report as the command prints it, ending in a one-line summary (passed, or which checks failed). */
export function describeSchemaCheck(report: SchemaCheckReport, base: SchemaCheckBase, allowFile: string): string[] {
  const head = `schema:check ${report.service}`;
  const lines: string[] = [];
  const failures: string[] = [];
  if (report.compositionErrors.length > 0) {
    failures.push('composition');
    lines.push(`${head}: composition FAILED with ${plural(report.compositionErrors.length, 'error')}:`);
    lines.push(...report.compositionErrors.map((e) => `  - ${e}`));
    lines.push(`${head}: graph and operations not checked (nothing composed).`);
  } else {
    lines.push(`${head}: composition: the candidate composes with the other services' committed subgraphs.`);
    if (!report.graph) lines.push(`${head}: graph: ${base.note ?? `${base.label} has no supergraph; nothing to compare.`}`);
    else {
      const { allowed, unallowed, dangerous } = report.graph;
      const changes = allowed.length + unallowed.length + dangerous.length;
      lines.push(
        `${head}: graph: ${plural(allowed.length + unallowed.length, 'breaking change')} since ${base.label}${changes > 0 ? ':' : '.'}`,
      );
      for (const { change, reason } of allowed) lines.push(`  allowed: ${change.message} (${reason})`);
      for (const change of unallowed) lines.push(`  NOT ALLOWED: ${change.message}`);
      for (const change of dangerous) lines.push(`  dangerous (not breaking): ${change.message}`);
      if (unallowed.length > 0) {
        failures.push(`graph (${unallowed.length})`);
        lines.push(
          `${head}: graph: ${plural(unallowed.length, 'breaking change')} not in ${allowFile}; make the change additive ` +
            '(a new field, the old one deprecated) or record each with the reason clients can live with it.',
        );
      }
    }
    const { checked, invalid } = report.operations;
    lines.push(`${head}: operations: ${checked} checked, ${invalid.length} no longer validate${invalid.length === 1 ? 's' : ''}.`);
    for (const { operation, errors } of invalid) lines.push(`  ${operation}`, ...errors.map((e) => `    ${e}`));
    if (invalid.length > 0) failures.push(`operations (${invalid.length})`);
  }
  if (!report.events) lines.push(`${head}: events: ${base.note ?? `${base.label} has no event catalog; nothing to compare.`}`);
  else if (report.events.violations.length === 0) {
    lines.push(
      `${head}: events: the ${plural(report.events.published, 'event version')} ${report.service} published at ${base.label} still read as they did.`,
    );
  } else {
    failures.push(`events (${report.events.violations.length})`);
    lines.push(`${head}: events: ${plural(report.events.violations.length, 'change')} break event versions published at ${base.label}:`);
    lines.push(...report.events.violations.map((v) => `  ${describeEventViolation(v)}`));
    lines.push('A published event version may only gain optional fields; publish a new .vN type beside it for anything else.');
  }
  lines.push(failures.length > 0 ? `${head}: FAILED: ${failures.join(', ')}.` : `${head}: passed.`);
  return lines;
}
