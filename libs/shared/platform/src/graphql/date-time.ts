import { GraphQLError, GraphQLSchema, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { parseIsoDateTime } from '../errors/input-rules';

const NOT_A_STRING = 'DateTime must be an ISO 8601 string, e.g. 2026-03-01T08:00:00Z';

/**
 * Makes the schema's `DateTime` read its input strictly: an ISO 8601 string whose day, hour
 * and minute exist. `2026-02-30T08:00:00Z` becomes an invalid Date, which the input's
 * `@IsDate()` (or the validation pipe) refuses as VALIDATION_FAILED naming the field, instead
 * of 2026-03-02 as `new Date()` would have it; a value that is not a string at all is GraphQL's
 * own BAD_USER_INPUT. The printed schema is unchanged. Returns the schema (for `transformSchema`).
 */
export function strictDateTimes(schema: GraphQLSchema): GraphQLSchema {
  const type = schema.getType('DateTime');
  if (type instanceof GraphQLScalarType) {
    type.parseValue = (value: unknown) => {
      if (typeof value !== 'string') throw new GraphQLError(NOT_A_STRING);
      return parseIsoDateTime(value);
    };
    type.parseLiteral = (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(NOT_A_STRING);
      return parseIsoDateTime(ast.value);
    };
  }
  return schema;
}
