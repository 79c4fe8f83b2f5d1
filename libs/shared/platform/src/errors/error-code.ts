/** Stable codes in `extensions.code`; front ends switch on these, so never rename one. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  GATE_CLOSED = 'GATE_CLOSED',
  CONFLICT = 'CONFLICT',
  INTERNAL = 'INTERNAL',
  /** The database (or, at the gateway, a subgraph) cannot be reached just now; `extensions.retryable` is true. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** An unexpected error: the message says nothing, `extensions.requestId` finds the detail in the log. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The HTTP body is not JSON (gateway and subgraphs, HTTP 400). */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The HTTP body is larger than `BODY_LIMIT` (HTTP 413). */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** Too many requests of this caller, address or customer for now (gateway, HTTP 429); `retryAfterSeconds` says when to try again. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The `Idempotency-Key` was used before, by the same caller and operation, with another request (not retryable). */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** A request with an `Idempotency-Key` asks for more than one mutation field (gateway, HTTP 400). */
  IDEMPOTENCY_KEY_MULTIPLE_MUTATIONS = 'IDEMPOTENCY_KEY_MULTIPLE_MUTATIONS',
  /** The request of this `Idempotency-Key` was carried out but its answer was not kept: read the current state instead of retrying. */
  IDEMPOTENT_REQUEST_DONE = 'IDEMPOTENT_REQUEST_DONE',
}
