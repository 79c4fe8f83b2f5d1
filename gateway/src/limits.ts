import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  ArgumentNode,
  DocumentNode,
  getNamedType,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  isScalarType,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  validate,
  ValidationContext,
  ValidationRule,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { INTROSPECTION_DISABLED, noIntrospectionRule, ValidationFailedError } from '@yekuo/platform/core';

/** `extensions.code` of each refusal; stable, front ends may switch on them. */
export const LimitCode = {
  /** Fields nested deeper than GRAPHQL_MAX_DEPTH. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** More aliases than GRAPHQL_MAX_ALIASES. */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** More directives than GRAPHQL_MAX_DIRECTIVES. */
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  /** A document of more tokens than GRAPHQL_MAX_TOKENS (refused while parsing). */
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  /** An estimated cost above GRAPHQL_MAX_COST. */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** `__schema` or `__type` while GRAPHQL_INTROSPECTION is off. */
  INTROSPECTION_DISABLED,
} as const;

/** The largest page a connection hands out; every subgraph's `pageArgs` refuses more (MAX_PAGE of @yekuo/platform). */
export const MAX_PAGE = 100;

/** What the gateway accepts of one request (gateway config, `GRAPHQL_*`). */
export interface GraphQLLimits {
  /** Answer `__schema` / `__type` and say "Did you mean …" in validation errors. */
  introspection: boolean;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/**
 * How the cost is estimated (graphql-armor's cost limit): a scalar field costs 1, an object
 * field 2 plus 1.5 × each field selected in it, so each level of nesting weighs 1.5 × more;
 * a field's whole subtree is multiplied by its `first` (the value the request gives, from a
 * variable too, or the argument's default).
 */
const COST = { objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 } as const;

/** A limit's refusal: its own code, HTTP 400, the library's message without its "Syntax Error: " prefix. */
const refuseWith =
  (code: string) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code, http: { status: 400 } } }));
  };

/** The options every graphql-armor rule gets: report through the context with our code, never throw. */
const reporting = (code: string) => ({ propagateOnRejection: false, onReject: [refuseWith(code)], exposeLimits: true });

/** The limits read from the document as sent: introspection, depth, aliases, directives. */
function shapeRules(limits: GraphQLLimits): ValidationRule[] {
  return [
    ...(limits.introspection ? [] : [noIntrospectionRule]),
    maxDepthRule({ n: limits.maxDepth, ...reporting(LimitCode.QUERY_TOO_DEEP) }),
    maxAliasesRule({ n: limits.maxAliases, ...reporting(LimitCode.TOO_MANY_ALIASES) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reporting(LimitCode.TOO_MANY_DIRECTIVES) }),
  ];
}

/** Every `first` outside 1..MAX_PAGE, as the subgraphs would refuse it: VALIDATION_FAILED naming `first`. */
function pageSizeRule(context: ValidationContext): { Argument: (node: ArgumentNode) => void } {
  let reported = false;
  return {
    Argument(node) {
      if (reported || node.name.value !== 'first' || node.value.kind !== Kind.INT) return;
      const first = Number(node.value.value);
      if (first >= 1 && first <= MAX_PAGE) return;
      reported = true;
      const error = new ValidationFailedError([{ field: 'first', message: `must be an integer from 1 to ${MAX_PAGE}` }]);
      context.reportError(new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } }));
    },
  };
}

const intValue = (value: unknown): ValueNode | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? { kind: Kind.INT, value: String(value) } : undefined;

/**
 * The document with every page size written out: a `first` given by a variable takes the
 * variable's value (or its default), a `first` left out the argument's default (`cases` is 20
 * when not asked), so the page sizes are checked and the cost weighed as they will run.
 */
export function withPageSizes(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> = {},
  operation?: OperationDefinitionNode,
): DocumentNode {
  const defaults = new Map(
    (operation?.variableDefinitions ?? []).flatMap((d) =>
      d.defaultValue?.kind === Kind.INT ? [[d.variable.name.value, Number(d.defaultValue.value)] as const] : [],
    ),
  );
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const definition = typeInfo.getFieldDef()?.args.find((arg) => arg.name === 'first');
        if (!definition || !isScalarType(getNamedType(definition.type))) return undefined;
        const given = node.arguments?.find((arg) => arg.name.value === 'first');
        let value: ValueNode | undefined;
        if (!given) value = intValue(definition.defaultValue);
        else if (given.value.kind === Kind.VARIABLE) {
          const name = given.value.name.value;
          value = intValue(name in variables ? variables[name] : defaults.get(name));
        }
        if (!value) return undefined;
        const first: ArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'first' }, value };
        return { ...node, arguments: [...(node.arguments ?? []).filter((arg) => arg !== given), first] };
      },
    }),
  );
}

/** The first refusal of `document` under `limits`, or undefined when it may run. */
export function refusalOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: GraphQLLimits,
  variables?: Readonly<Record<string, unknown>>,
  operation?: OperationDefinitionNode,
): GraphQLError | undefined {
  const [shape] = validate(schema, document, shapeRules(limits));
  if (shape) return shape;
  const sized = withPageSizes(schema, document, variables, operation);
  // A page too large is named as such, not weighed (its cost would be refused too).
  const [page] = validate(schema, sized, [pageSizeRule]);
  if (page) return page;
  const costRule = costLimitRule({ maxCost: limits.maxCost, ...COST, ...reporting(LimitCode.QUERY_TOO_COSTLY) }) as ValidationRule;
  const [cost] = validate(schema, sized, [costRule]);
  return cost;
}

/** How many decisions a document keeps (one per distinct set of page-size variables and operation). */
const DECISIONS_PER_DOCUMENT = 32;

/** The variables a document passes as a `first` argument: the only ones a decision depends on. */
function pageSizeVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.name.value === 'first' && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names];
}

/**
 * `refusalOf`, remembered per schema, document and the values of the variables its page sizes
 * read. The server keeps one parsed document per query text, so a query sent again (a front end
 * sends the same few) is weighed once instead of walked three times per request; a new
 * supergraph is a new schema and decides afresh.
 */
export function rememberedRefusals(
  limits: GraphQLLimits,
): (
  schema: GraphQLSchema,
  document: DocumentNode,
  variables?: Readonly<Record<string, unknown>>,
  operation?: OperationDefinitionNode,
) => GraphQLError | undefined {
  const bySchema = new WeakMap<
    GraphQLSchema,
    WeakMap<DocumentNode, { pageVariables: string[]; decided: Map<string, GraphQLError | null> }>
  >();
  return (schema, document, variables = {}, operation) => {
    let byDocument = bySchema.get(schema);
    if (!byDocument) bySchema.set(schema, (byDocument = new WeakMap()));
    let entry = byDocument.get(document);
    if (!entry) byDocument.set(document, (entry = { pageVariables: pageSizeVariables(document), decided: new Map() }));
    const key = JSON.stringify([operation?.name?.value ?? null, ...entry.pageVariables.map((name) => variables[name] ?? null)]);
    const known = entry.decided.get(key);
    // Each request gets an error of its own: the server may annotate the one it throws.
    if (known !== undefined)
      return known ? new GraphQLError(known.message, { nodes: known.nodes, extensions: known.extensions }) : undefined;
    const refusal = refusalOf(schema, document, limits, variables, operation);
    if (entry.decided.size >= DECISIONS_PER_DOCUMENT) entry.decided.clear();
    entry.decided.set(key, refusal ?? null);
    return refusal;
  };
}

/**
 * Checks each operation against the limits once it is parsed, validated and resolved (so
 * the variables are known) and before anything is sent to a subgraph; the first refusal is
 * the answer, with its own code and HTTP 400. The token limit is applied by the parser
 * itself (`parseOptions.maxTokens`, see `withLimitCode`).
 */
export function limitsPlugin(limits: GraphQLLimits): ApolloServerPlugin {
  const refusal = rememberedRefusals(limits);
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
    requestDidStart: async () => ({
      // eslint-disable-next-line @typescript-eslint/require-await -- as above.
      didResolveOperation: async ({ schema, document, request, operation }) => {
        const refused = refusal(schema, document, request.variables, operation);
        if (refused) throw refused;
      },
    }),
  };
}

/** A suggestion graphql-js appends to an error: `… Did you mean "number"?`, `… Did you mean the enum value "SUBMITTED"?`. */
const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * The gateway's last word on each error: the parser's refusal of too many tokens gets its own
 * code, QUERY_TOO_LARGE, and while introspection is off no message suggests a name of the
 * schema. (Apollo's `hideSchemaDetailsFromClientErrors` drops them from validation errors
 * only, not from a variable's value refused at execution.)
 */
export function limitsFormatter(limits: Pick<GraphQLLimits, 'introspection'>): (formatted: GraphQLFormattedError) => GraphQLFormattedError {
  return (formatted) => {
    const coded = withLimitCode(formatted);
    if (limits.introspection || !SUGGESTION.test(coded.message)) return coded;
    return { ...coded, message: coded.message.replace(SUGGESTION, '') };
  };
}

/** graphql-js's parser refuses a document over `maxTokens` with this message (GRAPHQL_PARSE_FAILED; 16.x says "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/** Gives the parser's refusal of a document with too many tokens its own code, QUERY_TOO_LARGE. */
export function withLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const tokens = TOO_MANY_TOKENS.exec(formatted.message);
  if (!tokens || formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return formatted;
  return {
    ...formatted,
    message: `Token limit of ${tokens[1]} exceeded.`,
    extensions: { ...formatted.extensions, code: LimitCode.QUERY_TOO_LARGE },
  };
}
