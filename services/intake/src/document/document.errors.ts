import { HttpException, HttpStatus } from '@nestjs/common';

/** An upload the front desk refuses, answered as JSON with a stable `code`. */
export class DocumentUploadError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, fields?: { field: string; message: string }[]) {
    super({ statusCode: status, code, message, ...(fields ? { fields } : {}) }, status);
  }
}
