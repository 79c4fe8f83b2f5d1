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
}
