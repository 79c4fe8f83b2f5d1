// The comparisons behind `npm run check:contracts`, kept free of git and of the file system so
// they can be tested on their own: the event catalog against the base's (a published event
// version may only gain optional fields) and the graph against the base's supergraph (breaking
// changes only when the allow file records them with a reason).
import { Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildASTSchema, DefinitionNode, DirectiveNode, DocumentNode, Kind, parse, visit } from 'graphql';

/** The composed supergraph, relative to the repository root. */
export const SUPERGRAPH_FILE = 'gateway/supergraph.graphql';
/** The breaking graph changes allowed, each with its reason, relative to the repository root. */
export const ALLOWED_GRAPH_CHANGES_FILE = 'docs/graph-changes-allowed.json';

/** A JSON Schema as the AsyncAPI document renders it (the subset the catalog uses). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  [keyword: string]: unknown;
}

/** One way an event type of the base is no longer what consumers of it read. */
export interface EventViolation {
  eventType: string;
  /** The field at fault (`data.caseNumber`), or undefined for the event type as a whole. */
  field?: string;
  problem: string;
}

/** The payload schema of each event type of an AsyncAPI 3 document (`components.messages[type].payload`). */
export function eventSchemasOf(document: unknown): Record<string, JsonSchema> {
  const messages = (document as { components?: { messages?: Record<string, { payload?: JsonSchema }> } } | null)?.components?.messages;
  if (!messages || typeof messages !== 'object') throw new Error('the AsyncAPI document has no components.messages');
  return Object.fromEntries(Object.entries(messages).map(([type, message]) => [type, message.payload ?? {}]));
}

// Words that document a schema without constraining a value.
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', '$comment', 'deprecated']);

/** The constraints of a schema other than its properties, items and variants, for comparing leaves. */
function ownConstraints(schema: JsonSchema): string {
  const own = Object.entries(schema)
    .filter(([key]) => !ANNOTATIONS.has(key) && !['properties', 'required', 'items', 'anyOf', 'oneOf', 'allOf'].includes(key))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(own);
}

const describeType = (schema: JsonSchema): string => {
  if (schema.const !== undefined) return `const ${JSON.stringify(schema.const)}`;
  if (Array.isArray(schema.enum)) return `enum ${JSON.stringify(schema.enum)}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  const extras = Object.entries(schema)
    .filter(
      ([key]) =>
        !ANNOTATIONS.has(key) &&
        !['type', 'properties', 'required', 'items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties'].includes(key),
    )
    .map(([key, value]) => `${key} ${JSON.stringify(value)}`);
  return [type, ...extras].join(', ');
};

function compareSchema(eventType: string, path: string, before: JsonSchema, after: JsonSchema, out: EventViolation[]): void {
  if (ownConstraints(before) !== ownConstraints(after)) {
    out.push({ eventType, field: path, problem: `changed from ${describeType(before)} to ${describeType(after)}` });
    return;
  }
  if (before.properties || after.properties) {
    const was = before.properties ?? {};
    const now = after.properties ?? {};
    const wasRequired = new Set(before.required ?? []);
    const nowRequired = new Set(after.required ?? []);
    for (const [name, schema] of Object.entries(was)) {
      const field = path ? `${path}.${name}` : name;
      if (!(name in now)) {
        out.push({ eventType, field, problem: 'removed' });
        continue;
      }
      if (wasRequired.has(name) && !nowRequired.has(name)) out.push({ eventType, field, problem: 'was required and became optional' });
      if (!wasRequired.has(name) && nowRequired.has(name)) out.push({ eventType, field, problem: 'was optional and became required' });
      compareSchema(eventType, field, schema, now[name], out);
    }
    for (const name of Object.keys(now)) {
      if (!(name in was) && nowRequired.has(name))
        out.push({ eventType, field: path ? `${path}.${name}` : name, problem: 'added as a required field' });
    }
  }
  if (before.items || after.items) {
    if (!before.items || !after.items || Array.isArray(before.items) || Array.isArray(after.items)) {
      if (JSON.stringify(before.items) !== JSON.stringify(after.items))
        out.push({ eventType, field: `${path}[]`, problem: 'changed its items' });
    } else {
      compareSchema(eventType, `${path}[]`, before.items, after.items, out);
    }
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const was = before[keyword] ?? [];
    const now = after[keyword] ?? [];
    if (was.length !== now.length) {
      out.push({ eventType, field: path, problem: `changed its ${keyword} from ${was.length} to ${now.length} variants` });
      continue;
    }
    was.forEach((variant, i) => compareSchema(eventType, `${path}<${keyword}[${i}]>`, variant, now[i], out));
  }
}

/**
 * Every way the current catalog breaks an event version of the base: a removed event type, a
 * removed field, a new required field, a field whose type or constraints changed, or whose
 * requiredness changed. New event types and new optional fields are fine.
 */
export function eventCatalogViolations(base: Record<string, JsonSchema>, current: Record<string, JsonSchema>): EventViolation[] {
  const out: EventViolation[] = [];
  for (const [eventType, schema] of Object.entries(base)) {
    const now = current[eventType];
    if (!now) {
      out.push({ eventType, problem: 'event type removed (publish a new version beside it instead)' });
      continue;
    }
    compareSchema(eventType, '', schema, now, out);
  }
  return out.sort((a, b) => a.eventType.localeCompare(b.eventType) || (a.field ?? '').localeCompare(b.field ?? ''));
}

export const describeEventViolation = (v: EventViolation): string => `${v.eventType}: ${v.field ? `field ${v.field} ` : ''}${v.problem}`;

const isFederationName = (name: string) => name.startsWith('join__') || name.startsWith('link__');
const FEDERATION_DIRECTIVES = new Set([
  'link',
  'inaccessible',
  'tag',
  'composeDirective',
  'authenticated',
  'requiresScopes',
  'policy',
  'context',
  'cost',
  'listSize',
]);

/**
 * The schema clients see, from a supergraph: without the join/link machinery (types,
 * enums, scalars and directives whose names start with join__ or link__, and @link).
 */
export function apiSchemaOf(supergraphSdl: string) {
  const document = parse(supergraphSdl);
  const definitions = document.definitions.filter((d: DefinitionNode) => {
    const name = 'name' in d && d.name ? d.name.value : undefined;
    if (d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION) return true;
    if (d.kind === Kind.DIRECTIVE_DEFINITION) return !!name && !isFederationName(name) && !FEDERATION_DIRECTIVES.has(name);
    return !name || !isFederationName(name);
  });
  const stripped = visit({ ...document, definitions } as DocumentNode, {
    Directive(node: DirectiveNode) {
      const name = node.name.value;
      return isFederationName(name) || FEDERATION_DIRECTIVES.has(name) ? null : undefined;
    },
  });
  return buildASTSchema(stripped, { assumeValidSDL: true });
}

/** A breaking change the graph may make because the allow file records it, with why. */
export interface AllowedGraphChange {
  /** The change as graphql-inspector words it, e.g. "Field 'Case.status' changed type from 'String!' to 'ApplicationStatus!'". */
  change: string;
  reason: string;
}

export interface GraphChangeReport {
  /** Breaking changes the allow file does not record: the check fails on these. */
  unallowed: Change[];
  /** Breaking changes the allow file records. */
  allowed: { change: Change; reason: string }[];
  /** Changes that are not breaking but may surprise a client (a new enum value, a new optional argument). */
  dangerous: Change[];
  /** Allow-file entries no breaking change matched (the base already has them, or they are misspelt). */
  unused: AllowedGraphChange[];
}

/** Reads and checks the allow file: a `changes` list of { change, reason }, each with a reason. */
export function parseAllowedGraphChanges(json: unknown): AllowedGraphChange[] {
  const changes = (json as { changes?: unknown } | null)?.changes;
  if (!Array.isArray(changes)) throw new Error('the allow file must be { "changes": [{ "change": "...", "reason": "..." }] }');
  return changes.map((entry, i) => {
    const { change, reason } = (entry ?? {}) as { change?: unknown; reason?: unknown };
    if (typeof change !== 'string' || change.trim() === '')
      throw new Error(`changes[${i}].change must be the change as the check prints it`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new Error(`changes[${i}] (${change}) has no reason`);
    return { change, reason };
  });
}

/** Compares the graph with the base's supergraph and sorts the changes by the allow file. */
export async function graphChanges(
  baseSupergraph: string,
  currentSupergraph: string,
  allow: readonly AllowedGraphChange[],
): Promise<GraphChangeReport> {
  const changes = await diff(apiSchemaOf(baseSupergraph), apiSchemaOf(currentSupergraph));
  const byMessage = new Map(allow.map((a) => [a.change, a.reason]));
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  const matched = new Set<string>();
  const report: GraphChangeReport = { unallowed: [], allowed: [], dangerous: [], unused: [] };
  for (const change of breaking) {
    const reason = byMessage.get(change.message);
    if (reason === undefined) report.unallowed.push(change);
    else {
      matched.add(change.message);
      report.allowed.push({ change, reason });
    }
  }
  report.dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous);
  report.unused = allow.filter((a) => !matched.has(a.change));
  return report;
}
