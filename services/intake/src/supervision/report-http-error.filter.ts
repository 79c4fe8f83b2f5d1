import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, isDatabaseUnavailable } from '@yekuo/platform';
import type { Response } from 'express';
import { DocumentHttpErrorFilter } from '../document/document-http-error.filter';

/**
 * The report download answers errors as the document endpoints do (`{ statusCode, code, message,
 * fields? }`: 400 VALIDATION_FAILED naming each parameter at fault, 401, 403), in its own words
 * where a failure is its own: nothing was sent to send again, the report may simply be asked again.
 */
@Catch()
export class ReportHttpErrorFilter extends DocumentHttpErrorFilter {
  private readonly log = new Logger('Reports');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof DomainError || exception instanceof HttpException) {
      super.catch(exception, host);
      return;
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (isDatabaseUnavailable(exception)) {
      this.log.warn(`report request failed, database unavailable: ${(exception as Error)?.message}`);
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.SERVICE_UNAVAILABLE,
        retryable: true,
        message: 'The report is unavailable for a moment; ask for it again',
      });
      return;
    }
    this.log.error(`report request failed: ${(exception as Error)?.name ?? 'error'}`, (exception as Error)?.stack);
    response.status(500).json({ statusCode: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'The report could not be made' });
  }
}
