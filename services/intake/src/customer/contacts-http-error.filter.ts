import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, isDatabaseUnavailable } from '@yekuo/platform';
import type { Response } from 'express';
import { DocumentHttpErrorFilter } from '../document/document-http-error.filter';

/**
 * The contact read answers errors as the document endpoints do (`{ statusCode, code, message,
 * fields? }`: 400 VALIDATION_FAILED naming each field at fault, 403), in its own words where a
 * failure is its own: 503 (retryable) while the database is out of reach, 500 otherwise.
 */
@Catch()
export class ContactsHttpErrorFilter extends DocumentHttpErrorFilter {
  private readonly log = new Logger('Contacts');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof DomainError || exception instanceof HttpException) {
      super.catch(exception, host);
      return;
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (isDatabaseUnavailable(exception)) {
      this.log.warn(`contact read failed, database unavailable: ${(exception as Error)?.message}`);
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.SERVICE_UNAVAILABLE,
        retryable: true,
        message: 'Contacts are unavailable for a moment; ask again',
      });
      return;
    }
    this.log.error(`contact read failed: ${(exception as Error)?.name ?? 'error'}`, (exception as Error)?.stack);
    response.status(500).json({ statusCode: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'The contacts could not be read' });
  }
}
