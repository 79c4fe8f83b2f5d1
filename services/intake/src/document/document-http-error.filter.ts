import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DocumentIntegrityError, DomainError, ErrorCode, isDatabaseUnavailable } from '@yekuo/platform';
import type { Response } from 'express';

const STATUS_OF_CODE: Partial<Record<ErrorCode, HttpStatus>> = {
  [ErrorCode.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
  [ErrorCode.INVALID_TRANSITION]: HttpStatus.CONFLICT,
  [ErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.IDEMPOTENT_REQUEST_DONE]: HttpStatus.CONFLICT,
};

const CODE_OF_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The document endpoints answer JSON errors with a status and a stable `code`:
 * `{ statusCode, code, message, fields?, currentState?, requires? }`. Nothing of the
 * request (file, fields) is logged.
 */
@Catch()
export class DocumentHttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Documents');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      const { code, fields, currentState, requires } = exception.extensions;
      const status = STATUS_OF_CODE[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      response.status(status).json({ statusCode: status, code, message: exception.message, fields, currentState, requires });
      return;
    }
    if (exception instanceof DocumentIntegrityError) {
      // The stored file or its wrapped key was altered (or its key is gone): said in the log, not to the caller.
      this.logger.error(`stored document failed its integrity check: ${exception.message}`);
      response
        .status(500)
        .json({ statusCode: 500, code: 'DOCUMENT_INTEGRITY_FAILED', message: 'The stored document failed its integrity check' });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'code' in body) {
        response.status(status).json(body);
        return;
      }
      const message =
        status === Number(HttpStatus.PAYLOAD_TOO_LARGE) ? 'The document is larger than the front desk accepts' : exception.message;
      response.status(status).json({ statusCode: status, code: CODE_OF_STATUS[status] ?? 'HTTP_ERROR', message });
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // The database is restarting or out of reach: nothing was stored (the file is removed with its
      // failed row), so the client may send it again, with the same idempotency key.
      this.logger.warn(`document request failed, database unavailable: ${(exception as Error)?.message}`);
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.SERVICE_UNAVAILABLE,
        retryable: true,
        message: 'The document service is unavailable for a moment; send the document again',
      });
      return;
    }
    this.logger.error(`document request failed: ${(exception as Error)?.name ?? 'error'}`, (exception as Error)?.stack);
    response.status(500).json({ statusCode: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'The document could not be processed' });
  }
}
