import { registerEnumType } from '@nestjs/graphql';

/** A GraphQL enum built from a const array: the GraphQL name of each value and the value it stands for. */
export type EnumOf<V extends string> = { readonly [name: string]: V };

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * The GraphQL name of a stored value: the value itself when it is a valid GraphQL name
 * (`NEW_CONNECTION`, `AC10KV`), otherwise upper-cased with every other character turned
 * into `_` (`intake-clerk` → `INTAKE_CLERK`) and prefixed with `_` when it starts with a digit.
 */
export function graphqlEnumName(value: string): string {
  if (GRAPHQL_NAME.test(value) && value !== 'true' && value !== 'false' && value !== 'null') return value;
  const name = value.toUpperCase().replace(/[^_0-9A-Z]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export interface EnumOptions<V extends string> {
  /** A description per value, shown in the schema. */
  valueDescriptions?: Partial<Record<V, string>>;
  /** GraphQL names for values that are not valid GraphQL names, when `graphqlEnumName` does not fit. */
  names?: Partial<Record<V, string>>;
}

/**
 * Registers the closed set `values` as the GraphQL enum `name` and returns the enum object
 * to pass as a field type (`@Field(() => BusinessTypeEnum)`). Resolvers keep returning and
 * receiving the stored strings: each enum value's internal value is the string itself,
 * so stored data and events do not change.
 */
export function enumFromValues<V extends string>(
  values: readonly V[],
  name: string,
  description: string,
  options: EnumOptions<V> = {},
): EnumOf<V> {
  const enumObject: Record<string, V> = {};
  const valuesMap: Record<string, { description?: string }> = {};
  for (const value of values) {
    const key = options.names?.[value] ?? graphqlEnumName(value);
    if (!GRAPHQL_NAME.test(key)) throw new Error(`${name}: ${key} is not a valid GraphQL enum value name`);
    if (key in enumObject) throw new Error(`${name}: ${value} and ${enumObject[key]} both map to ${key}`);
    enumObject[key] = value;
    const described = options.valueDescriptions?.[value];
    if (described) valuesMap[key] = { description: described };
  }
  registerEnumType(enumObject, { name, description, valuesMap });
  return enumObject;
}
