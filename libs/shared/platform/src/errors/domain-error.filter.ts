import { Catch, ExceptionFilter } from '@nestjs/common';
import { DomainError } from './domain-error';

/**
 * Lets an expected business error (a refused transition, a forbidden role) reach
 * the client as it is, without Nest logging it as an unhandled exception.
 * graphql-js treats a returned Error as the field's error.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  catch(exception: DomainError): DomainError {
    return exception;
  }
}
