import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/audit-chain';
import { ErrorCode } from '../errors/error-code';
import { DomainError, ValidationFailedError } from '../errors/domain-error';

/** The request header a caller names a retryable mutation with (the gateway forwards it). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** 1–200 printable ASCII characters: a UUID, a ULID or the client's own reference. */
const KEY = /^[\x20-\x7e]{1,200}$/;

/**
 * One keyed request: the key, its scope (who asks and which operation; the same key of another
 * caller or operation is another key) and the fingerprint of what it asks (SHA-256 of its
 * arguments as canonical JSON).
 */
export interface IdempotentRequest {
  key: string;
  principal: string;
  operation: string;
  fingerprint: string;
}

/** What happened to a keyed request in this process; `UnitOfWork.run` claims the key and says when the claim committed. */
export interface IdempotencyState {
  readonly request: IdempotentRequest;
  /** The claim committed with the request's own change: this request acted and its answer is to be kept. */
  committed: boolean;
  /** A transaction claiming the key is under way (another run of the same request meanwhile claims nothing). */
  claiming?: boolean;
}

/** The keyed request the current async call chain serves; `UnitOfWork.run` reads it. */
export const idempotencyContext = new AsyncLocalStorage<IdempotencyState>();

/** The header's value when given, checked; undefined when absent. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (!KEY.test(value)) {
    throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'must be 1 to 200 printable ASCII characters' }]);
  }
  return value;
}

/** SHA-256 of the arguments as canonical JSON (dates as their ISO text, keys sorted at every depth). */
export function fingerprintOf(args: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(args ?? null));
  return createHash('sha256').update(canonicalJson(plain)).digest('hex');
}

/** The key was used before, by this caller for this operation, with other arguments. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(operation: string) {
    super(`This Idempotency-Key was already used for another ${operation} request; use a new key for a new request`, {
      code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
    });
  }
}

/** The keyed request was carried out earlier but its answer is not available (its process stopped before keeping it). */
export class IdempotentRequestDoneError extends DomainError {
  constructor(operation: string) {
    super(
      `The ${operation} request with this Idempotency-Key was carried out, but its answer is not available; read the current state instead of retrying`,
      { code: ErrorCode.IDEMPOTENT_REQUEST_DONE },
    );
  }
}

/**
 * Thrown inside `UnitOfWork.run` when another request holds the key: the transaction rolls back
 * and the caller answers with the first request's answer. Carries a code, so that were it ever to
 * reach a caller it would be no internal error.
 */
export class IdempotentReplay extends DomainError {
  constructor() {
    super('This request repeats an earlier one with the same Idempotency-Key', { code: ErrorCode.CONFLICT });
  }
}
