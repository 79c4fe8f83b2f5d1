import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-code';

/** One field at fault: `field` is the input path (`input.capacityKva`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorExtensions {
  code: ErrorCode;
  fields?: FieldError[];
  currentState?: string;
  requires?: string[];
  [key: string]: unknown;
}

/**
 * The one error type services throw. It is a GraphQLError so it reaches the
 * client through the subgraph and the gateway with its extensions intact.
 */
export class DomainError extends GraphQLError {
  declare readonly extensions: DomainErrorExtensions;

  constructor(message: string, extensions: DomainErrorExtensions) {
    super(message, { extensions });
    this.name = 'DomainError';
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required') {
    super(message, { code: ErrorCode.UNAUTHENTICATED });
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your roles do not allow this operation') {
    super(message, { code: ErrorCode.FORBIDDEN });
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found`, { code: ErrorCode.NOT_FOUND });
  }
}

export class ValidationFailedError extends DomainError {
  constructor(fields: FieldError[]) {
    super(`Invalid input: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, {
      code: ErrorCode.VALIDATION_FAILED,
      fields,
    });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(action: string, currentState: string, requires: string[]) {
    super(`Cannot ${action} while the case is ${currentState}; it requires ${requires.join(' or ')}`, {
      code: ErrorCode.INVALID_TRANSITION,
      currentState,
      requires,
    });
  }
}

export class GateClosedError extends DomainError {
  constructor(missing: string[]) {
    super(`The energization gate is closed; missing: ${missing.join(', ')}`, {
      code: ErrorCode.GATE_CLOSED,
      requires: missing,
    });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(message, { code: ErrorCode.CONFLICT });
  }
}
