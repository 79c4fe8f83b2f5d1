// Arguments for every root field of the graph, derived from the schema clients see: what the
// property-based input test (input-properties.e2e-spec.ts) sends through the gateway. A new
// argument, input field, enum or scalar is covered without touching this file; a scalar with no
// generator fails the test, naming where it is used.
import fc from 'fast-check';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLNonNull,
  GraphQLOutputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/** The ids and values of what the system already holds, so that generated calls can name them. */
export interface KnownValues {
  caseIds: string[];
  customerIds: string[];
  ticketIds: string[];
  meterIds: string[];
  unitIds: string[];
  documentIds: string[];
  /** Case numbers, meter numbers, region codes: text a lookup by value can find. */
  texts: string[];
}

/** One query or mutation of the graph, ready to send with generated variables. */
export interface GraphOperation {
  kind: 'query' | 'mutation';
  field: string;
  document: string;
  /** The arguments, as variables named after them. */
  args: fc.Arbitrary<Record<string, unknown>>;
  /** Arguments GraphQL accepts but the services refuse after the role check (see `probeVariables`). */
  probe: Record<string, unknown>;
}

// ---- scalars -------------------------------------------------------------------------------

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b[2J', '\u007f', '\u0085', '\t', '\r\n', '\u2028'];
const DAYS = ['2027-03-15', '2026-02-30', '2026-13-01', '0001-01-01', '9999-12-31', '1999-12-31', '2100-01-01', '2026-2-3'];
const NUMBERS_AS_TEXT = ['0', '-1', '100.00', '0.001', '1e309', 'NaN', '-0', '99999999999999999999.99', '1,000'];
const HOSTILE = ["' OR '1'='1", '"; DROP TABLE x; --', '%', '_', '\\', '${x}', '<script>', '../../etc', '\uFEFF', '\uD800'];

/** Text with NUL and other control characters spliced in somewhere. */
const withControl = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 20 }))
  .map(([a, c, b]) => a + c + b);

/** Far beyond any field's length, yet under the gateway's body limit. */
const veryLong = fc.tuple(fc.constantFrom('x', '徐', '\u0000'), fc.constantFrom(256, 5_001, 100_000)).map(([c, n]) => c.repeat(n));

/** A forged cursor: base64 of arbitrary JSON, or of text. */
const forgedCursor = fc.oneof(fc.json(), fc.string()).map((s) => Buffer.from(s).toString('base64url'));

const text = (known: KnownValues) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('上海市徐汇区漕溪北路88号', 'Pole 17', '陈一', 'ok', ...known.texts) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 3, arbitrary: withControl },
    { weight: 2, arbitrary: fc.constantFrom(...DAYS, ...NUMBERS_AS_TEXT, ...HOSTILE, '') },
    { weight: 1, arbitrary: forgedCursor },
    { weight: 1, arbitrary: veryLong },
  );

/** Existing ids by what the argument names, else an existing case's. */
function existingIds(name: string, known: KnownValues): string[] {
  if (/ticket/i.test(name)) return known.ticketIds;
  if (/meter/i.test(name)) return known.meterIds;
  if (/unit/i.test(name)) return known.unitIds;
  if (/document/i.test(name)) return known.documentIds;
  if (/customer/i.test(name)) return known.customerIds;
  return known.caseIds;
}

const id = (name: string, known: KnownValues) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...existingIds(name, known)) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...existingIds(name, known)).map((uuid) => uuid.toUpperCase()) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', '-'.repeat(36), ' ', '', '1', "1' OR '1'='1"),
        withControl,
        fc.uuid().map((uuid) => `${uuid}\u0000`),
        fc.string({ maxLength: 40 }),
      ),
    },
  );

const INT32 = [0, 1, -1, 2, 5, 20, 100, 101, 2_147_483_647, -2_147_483_648];
const int = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INT32) },
  { weight: 2, arbitrary: fc.integer() },
  // Beyond 32 bits: GraphQL's own refusal.
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER) },
);

const float = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, -0, 1, -1, 0.5, 60, 1e9, 1e9 + 1, -1e9, 1e308, -1e308, Number.MIN_VALUE, 2 ** 53) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: int },
);

/** Instants in the near future (the happy path), impossible, far and garbage ones, and non-strings. */
const dateTime = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 60 }).map((days) => new Date(Date.UTC(2030, 0, days, 9)).toISOString()) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '2026-06-01T25:00:00Z',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '+275760-09-13T00:00:00.000Z',
      '2026-06-01',
      '2026-06-01T10:00:00',
      'yesterday',
      '',
      '2026-06-01T10:00:00Z\u0000',
    ),
  },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), int, fc.constant(true)) },
);

type ScalarArbitrary = (argumentName: string, known: KnownValues) => fc.Arbitrary<unknown>;

/** A generator for every scalar the graph uses; a scalar missing here is "not covered". */
const SCALARS: Record<string, ScalarArbitrary> = {
  ID: id,
  String: (_name, known) => text(known),
  Int: () => int,
  Float: () => float,
  Boolean: () => fc.boolean(),
  DateTime: () => dateTime,
};

/** A value GraphQL accepts for each scalar, which the services' validation refuses (no side effect). */
const PROBE_SCALARS: Record<string, unknown> = {
  ID: 'not-a-uuid',
  String: '\u0000',
  Int: 0,
  Float: 0,
  Boolean: false,
  DateTime: '2030-01-01T09:00:00.000Z',
};

// ---- types ---------------------------------------------------------------------------------

function notCovered(type: GraphQLNamedType, where: string): never {
  throw new Error(`No generator for ${type.name} (used by ${where}): not covered; add one to SCALARS and PROBE_SCALARS`);
}

/** Values of an input type: required fields always, optional ones sometimes (and sometimes null). */
function valueOf(type: GraphQLInputType, where: string, known: KnownValues): fc.Arbitrary<unknown> {
  if (!isNonNullType(type)) return fc.option(valueOf(new GraphQLNonNull(type), where, known), { nil: null, freq: 8 });
  const inner = type.ofType;
  if (isListType(inner)) {
    const item = valueOf(inner.ofType, `${where}[]`, known);
    return fc.oneof(
      { weight: 9, arbitrary: fc.array(item, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(item, { minLength: 40, maxLength: 60 }) },
    );
  }
  if (isEnumType(inner)) return fc.constantFrom(...inner.getValues().map((v) => v.name));
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, `${inner.name}.${f.name}`, known)])), {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
  }
  const scalar = SCALARS[inner.name];
  if (!isScalarType(inner) || !scalar) notCovered(inner, where);
  return scalar(where.split('.').pop()!, known);
}

const required = (type: GraphQLInputType) => (isNonNullType(type) ? type : new GraphQLNonNull(type));

/** The probe's value for an input type: every required field, one item per list. */
function probeOf(type: GraphQLInputType, where: string): unknown {
  if (!isNonNullType(type)) return undefined;
  const inner = type.ofType;
  if (isListType(inner)) return [probeOf(required(inner.ofType), `${where}[]`)];
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(Object.values(inner.getFields()).map((f) => [f.name, probeOf(f.type, `${inner.name}.${f.name}`)]));
  }
  if (!isScalarType(inner) || !(inner.name in PROBE_SCALARS)) notCovered(inner, where);
  return PROBE_SCALARS[inner.name];
}

/**
 * The smallest selection that makes the request valid: `id` when the returned object has one,
 * else `__typename`; nothing for a scalar. Other fields are left out on purpose: each may have
 * its own role check or come from another service, which is not what this test is about.
 */
function selectionOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  const idField = isObjectType(named) ? named.getFields().id : undefined;
  return idField && isLeafType(getNamedType(idField.type)) ? '{ id }' : '{ __typename }';
}

function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, known: KnownValues): GraphOperation {
  const definitions = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const uses = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const document = `${kind} ${field.name}${definitions ? `(${definitions})` : ''} { ${field.name}${uses ? `(${uses})` : ''} ${selectionOf(field.type)} }`;
  const where = (name: string) => `${field.name}(${name})`;
  const args = fc
    .record(Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type, where(a.name), known)])), {
      requiredKeys: field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name),
    })
    // Under the gateway's body limit (1mb), so that each call reaches the services rather than the 413.
    .filter((variables) => Buffer.byteLength(JSON.stringify(variables)) < 900_000);
  const probe = Object.fromEntries(
    field.args.map((a): [string, unknown] => [a.name, probeOf(a.type, where(a.name))]).filter(([, value]) => value !== undefined),
  );
  return { kind, field: field.name, document, args, probe };
}

/** Every query and mutation of the schema, with its arguments' generator; throws on an argument not covered. */
export function graphOperations(schema: GraphQLSchema, known: KnownValues): GraphOperation[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([kind, root]) => Object.values(root?.getFields() ?? {}).map((field) => operationOf(kind, field, known)));
}
