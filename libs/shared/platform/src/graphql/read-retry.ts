import { GraphQLFieldResolver, GraphQLSchema, isObjectType, OperationTypeNode } from 'graphql';
import { isDatabaseUnavailable } from '../errors/public-errors';

/** How long a read waits before its one retry after the database dropped it. */
export const READ_RETRY_DELAY_MS = 250;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Makes every resolver of a query (not of a mutation, whose write may have happened) try
 * once more, after `delayMs`, when the database dropped or refused its connection (a
 * restart, a failover, a cut connection); a second failure is answered as
 * SERVICE_UNAVAILABLE by `publicError`. Changes the schema's resolvers in place (the
 * printed schema is the same) and returns it, as GraphQLModule's `transformSchema` wants.
 */
export function retryReadsOnce(schema: GraphQLSchema, delayMs = READ_RETRY_DELAY_MS): GraphQLSchema {
  const writeRoots = new Set([schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || writeRoots.has(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve) field.resolve = retryingOnce(field.resolve, delayMs);
    }
  }
  return schema;
}

/** `resolve`, tried once more after `delayMs` when a query's read failed because the database was unavailable. */
export function retryingOnce<S, C, A>(resolve: GraphQLFieldResolver<S, C, A>, delayMs: number): GraphQLFieldResolver<S, C, A> {
  return (source, args, context, info) => {
    const attempt = () => resolve(source, args, context, info);
    if (info.operation.operation !== OperationTypeNode.QUERY) return attempt();
    const again = (error: unknown) => {
      if (!isDatabaseUnavailable(error)) throw error;
      return new Promise((wake) => setTimeout(wake, delayMs)).then(attempt);
    };
    let result: unknown;
    try {
      result = attempt();
    } catch (error) {
      return again(error);
    }
    return isPromiseLike(result) ? Promise.resolve(result).catch(again) : result;
  };
}
