import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './error-code';

// What a caller may learn from an error, for the subgraphs and the gateway alike: an error
// raised on purpose (a DomainError, GraphQL's own validation, BAD_USER_INPUT) goes out as it
// is; a database that is restarting or unreachable is SERVICE_UNAVAILABLE with `retryable`;
// a value PostgreSQL refused is VALIDATION_FAILED; anything else is INTERNAL_SERVER_ERROR
// with a request id only, its detail logged on the server under that id. Framework-free.

/** PostgreSQL SQLSTATEs of a server that is shutting down, restarting or not yet accepting connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
/** Socket errors of a database that cannot be reached. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
/** What node-postgres says when the connection went away under a query or could not be made. */
const UNREACHABLE_MESSAGES =
  /Connection terminated|terminating connection|timeout exceeded when trying to connect|server closed the connection/i;
/**
 * What TypeORM raises when the connection of a transaction died under it and it then tries to roll
 * back or release it: the loss of the connection, reported in TypeORM's words.
 */
const RELEASED_CONNECTION_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** The error and every error it wraps (TypeORM's `driverError`, `cause`, an AggregateError's `errors`). */
function* chainOf(error: unknown, depth = 0): Generator<{ code?: unknown; message?: unknown; name?: unknown }> {
  if (error === null || typeof error !== 'object' || depth > 5) return;
  const node = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
    originalError?: unknown;
  };
  yield node;
  yield* chainOf(node.driverError, depth + 1);
  yield* chainOf(node.cause, depth + 1);
  yield* chainOf(node.originalError, depth + 1);
  if (Array.isArray(node.errors)) for (const inner of node.errors) yield* chainOf(inner, depth + 1);
}

/** Whether `error` says the database is restarting or cannot be reached (57P01–57P03, class 08, ECONNREFUSED, ECONNRESET…). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const { code, message, name } of chainOf(error)) {
    if (typeof name === 'string' && RELEASED_CONNECTION_ERRORS.has(name)) return true;
    if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNREACHABLE_CODES.has(code))) return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

/**
 * Whether `error` is PostgreSQL refusing a value (class 22, data exception: 22P02 invalid text
 * representation, 22021 a character not in the encoding, 22007/22008 dates, 22003 a number out
 * of range…), division by zero aside, which is a fault of the code.
 */
export function isDatabaseValueError(error: unknown): boolean {
  for (const { code } of chainOf(error)) {
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && code !== '22012') return true;
  }
  return false;
}

export type ErrorKind = 'public' | 'unavailable' | 'invalid-value' | 'internal';

/** An error with an HTTP status of a client fault (NestJS's HttpException for 4xx). */
function isClientHttpError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return (
    typeof (error as { getStatus?: unknown } | null)?.getStatus === 'function' &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}

/**
 * What kind of error this is for the caller. `code` is the code it is about to be sent with,
 * when known (formatting may have given it one, e.g. NestJS for an HTTP exception).
 */
export function classifyError(error: unknown, code?: unknown): ErrorKind {
  const original = error instanceof GraphQLError ? (error.originalError ?? undefined) : error;
  const given = code ?? (error instanceof GraphQLError ? error.extensions?.code : undefined);
  if (original !== undefined && !(original instanceof GraphQLError)) {
    if (isDatabaseUnavailable(original)) return 'unavailable';
    if (isDatabaseValueError(original)) return 'invalid-value';
    if (isClientHttpError(original)) return 'public';
    if (typeof given === 'string' && given !== 'INTERNAL_SERVER_ERROR') return 'public';
    return 'internal';
  }
  const inner = original instanceof GraphQLError ? original : error;
  const innerCode = given ?? (inner instanceof GraphQLError ? inner.extensions?.code : undefined);
  return typeof innerCode === 'string' && innerCode !== 'INTERNAL_SERVER_ERROR' ? 'public' : 'internal';
}

/** The message of every unexpected error. */
export const INTERNAL_MESSAGE = 'Internal server error';

/** Extension keys that can carry internals (stack traces, a subgraph's URL and raw answer, a framework's own error body). */
const HIDDEN_EXTENSIONS = ['stacktrace', 'exception', 'response', 'originalError'];

/**
 * The error as the caller gets it (an Apollo `formatError`): intended errors as they are,
 * without stack traces or a subgraph's raw answer; a database outage as SERVICE_UNAVAILABLE
 * with `retryable: true`; a value PostgreSQL refused as VALIDATION_FAILED; anything else as
 * "Internal server error" with INTERNAL_SERVER_ERROR. The masked ones carry a `requestId`
 * (filled in by `errorMaskingPlugin`).
 */
export function publicError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const extensions: Record<string, unknown> = { ...formatted.extensions };
  const kind = classifyError(error, extensions.code);
  const where = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  const serviceName = typeof extensions.serviceName === 'string' ? { serviceName: extensions.serviceName } : {};
  // A subgraph that masked an error already gave it the request id; it is the gateway's too.
  const requestId = typeof extensions.requestId === 'string' ? extensions.requestId : undefined;
  switch (kind) {
    case 'public':
      for (const key of HIDDEN_EXTENSIONS) delete extensions[key];
      return { ...formatted, extensions };
    case 'unavailable':
      return {
        message: 'The service cannot reach its database just now; try again shortly',
        ...where,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, ...serviceName, requestId },
      };
    case 'invalid-value':
      return {
        message: 'Invalid input: a value was refused',
        ...where,
        extensions: { code: ErrorCode.VALIDATION_FAILED, ...serviceName, requestId },
      };
    case 'internal':
      return { message: INTERNAL_MESSAGE, ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...serviceName, requestId } };
  }
}

/** A caller's `x-request-id` when it is a sane one (the gateway sends its own), otherwise a new id. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** One error the caller does not see as it was, for the log. */
export interface MaskedErrorEntry {
  requestId: string;
  kind: Exclude<ErrorKind, 'public'>;
  path?: readonly (string | number)[];
  error: unknown;
}

/**
 * Gives every error `publicError` masked the request's id (the caller quotes it; the log has
 * the detail under it) and logs each of them once. `requestIdOf` reads the id of a request
 * (default: its `x-request-id` header when sane, else a new one).
 */
export function errorMaskingPlugin<C extends BaseContext>(options: {
  log: (entry: MaskedErrorEntry) => void;
  requestIdOf?: (request: GraphQLRequestContext<C>) => string | undefined;
}): ApolloServerPlugin<C> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's hooks return Promises.
    async requestDidStart(start) {
      const requestId = requestIdFrom(options.requestIdOf?.(start) ?? start.request.http?.headers.get('x-request-id'));
      return {
        // eslint-disable-next-line @typescript-eslint/require-await -- as above.
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const kind = classifyError(error);
            if (kind !== 'public') options.log({ requestId, kind, path: error.path, error: error.originalError ?? error });
          }
        },
        // eslint-disable-next-line @typescript-eslint/require-await -- as above.
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
            error.extensions && 'requestId' in error.extensions && !error.extensions.requestId
              ? { ...error, extensions: { ...error.extensions, requestId } }
              : error,
          );
        },
      };
    },
  };
}

/** The text of a masked error for the log: its name, message and stack, with what it wraps. */
export function describeForLog(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const sql = (error as { query?: unknown }).query;
  return [error.stack ?? `${error.name}: ${error.message}`, typeof sql === 'string' ? `query: ${sql}` : ''].filter(Boolean).join('\n');
}
