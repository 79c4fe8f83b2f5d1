import { ArgumentsHost, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, isDatabaseUnavailable } from '@yekuo/platform';
import type { Response } from 'express';
import { DocumentHttpErrorFilter } from './document-http-error.filter';

/** How an endpoint names its own failures: in its log, and to its caller. */
export interface EndpointFailureWords {
  /** The logger's context, e.g. `Reports`. */
  logger: string;
  /** What failed, for the log: `report request`. */
  what: string;
  /** Said with 503 while the database is out of reach (the caller may ask again). */
  unavailable: string;
  /** Said with 500 for anything else. */
  failed: string;
}

/**
 * An endpoint beside the documents answers errors as they do (`{ statusCode, code, message,
 * fields? }`: 400 VALIDATION_FAILED naming each field at fault, 401, 403), in its own words where a
 * failure is its own: 503 (retryable) while the database is out of reach, 500 otherwise.
 */
export abstract class EndpointHttpErrorFilter extends DocumentHttpErrorFilter {
  private readonly log: Logger;

  protected constructor(private readonly words: EndpointFailureWords) {
    super();
    this.log = new Logger(words.logger);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof DomainError || exception instanceof HttpException) {
      super.catch(exception, host);
      return;
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (isDatabaseUnavailable(exception)) {
      this.log.warn(`${this.words.what} failed, database unavailable: ${(exception as Error)?.message}`);
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.SERVICE_UNAVAILABLE,
        retryable: true,
        message: this.words.unavailable,
      });
      return;
    }
    this.log.error(`${this.words.what} failed: ${(exception as Error)?.name ?? 'error'}`, (exception as Error)?.stack);
    response.status(500).json({ statusCode: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: this.words.failed });
  }
}
