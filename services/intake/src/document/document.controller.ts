import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Logger,
  Param,
  Post,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { CurrentPrincipal, fingerprintOf, IDEMPOTENCY_HEADER, idempotencyKeyOf, IdempotencyStore, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import type { Response } from 'express';
import { DocumentHttpErrorFilter } from './document-http-error.filter';
import { DocumentService, UPLOAD_ROLES, Upload } from './document.service';

/**
 * `POST /documents` (multipart: `caseId`, `slot`, `file`) uploads a document into a checklist
 * slot of a case, or (`item` instead of `slot`, once the application is accepted) a document a
 * later stage's checklist asks for, whose id then goes with that stage's mutation;
 * `GET /documents/:id` downloads one. Bearer token as for GraphQL. An upload with an
 * `Idempotency-Key` is stored once: a repeat (same caller, case, slot or item, and file) gets the
 * first upload's answer, as a GraphQL mutation would (operation `uploadDocument`).
 */
@Controller('documents')
@UseFilters(DocumentHttpErrorFilter)
export class DocumentController {
  private readonly logger = new Logger('Documents');

  constructor(
    private readonly documents: DocumentService,
    private readonly idempotency: IdempotencyStore,
  ) {}

  @Roles(...UPLOAD_ROLES)
  @Post()
  @HttpCode(201)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: Upload['file'],
    @Body() body: Record<string, unknown> | undefined,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey: string | undefined,
  ) {
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    const upload = { caseId: text(body?.caseId), slot: text(body?.slot), item: text(body?.item), file };
    const key = idempotencyKeyOf(idempotencyKey);
    if (key === undefined) return this.store(principal, upload);
    const fingerprint = fingerprintOf({
      caseId: upload.caseId,
      slot: upload.slot,
      item: upload.item,
      file: file && { name: file.originalname, type: file.mimetype, sha256: createHash('sha256').update(file.buffer).digest('hex') },
    });
    return this.idempotency.once({ key, principal: principal.sub, operation: 'uploadDocument', fingerprint }, () =>
      this.store(principal, upload),
    );
  }

  private async store(principal: Principal, upload: Upload) {
    const document = await this.documents.upload(principal, upload);
    return {
      id: document.id,
      caseId: document.caseId,
      slot: document.slot,
      item: document.item,
      version: document.version,
      fileName: document.fileName,
      contentType: document.contentType,
      size: document.size,
      sha256: document.sha256,
      uploadedAt: document.uploadedAt.toISOString(),
    };
  }

  /**
   * Streams the document as it is opened, chunk by chunk. A first chunk that fails its integrity
   * check is answered as a JSON error; a later one cuts the connection (fewer bytes than the
   * content-length), so a client never takes a tampered file for a complete one.
   */
  @Roles(...ROLES)
  @Get(':id')
  async download(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() response: Response): Promise<void> {
    const { document, content } = await this.documents.download(principal, id);
    const chunks = content[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await chunks.next();
    response
      .status(200)
      .type(document.contentType)
      .setHeader('content-length', String(document.size))
      .setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`)
      .setHeader('x-content-type-options', 'nosniff')
      .setHeader('cache-control', 'no-store')
      .setHeader('x-content-sha256', document.sha256);
    async function* rest(): AsyncGenerator<Buffer> {
      if (first.done) return;
      yield first.value;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    }
    await pipeline(rest(), response).catch((error: unknown) => {
      this.logger.error(`document ${document.id} download stopped: ${(error as Error).name}: ${(error as Error).message}`);
      response.destroy();
    });
  }
}
