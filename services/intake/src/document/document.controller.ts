import { Body, Controller, Get, HttpCode, Param, Post, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import type { Response } from 'express';
import { DocumentHttpErrorFilter } from './document-http-error.filter';
import { DocumentService, UPLOAD_ROLES, Upload } from './document.service';

/**
 * `POST /documents` (multipart: `caseId`, `slot`, `file`) uploads a document into a checklist
 * slot of a case; `GET /documents/:id` downloads one. Bearer token as for GraphQL.
 */
@Controller('documents')
@UseFilters(DocumentHttpErrorFilter)
export class DocumentController {
  constructor(private readonly documents: DocumentService) {}

  @Roles(...UPLOAD_ROLES)
  @Post()
  @HttpCode(201)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: Upload['file'],
    @Body() body: Record<string, unknown> | undefined,
  ) {
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    const document = await this.documents.upload(principal, { caseId: text(body?.caseId), slot: text(body?.slot), file });
    return {
      id: document.id,
      caseId: document.caseId,
      slot: document.slot,
      version: document.version,
      fileName: document.fileName,
      contentType: document.contentType,
      size: document.size,
      sha256: document.sha256,
      uploadedAt: document.uploadedAt.toISOString(),
    };
  }

  @Roles(...ROLES)
  @Get(':id')
  async download(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() response: Response): Promise<void> {
    const { document, content } = await this.documents.download(principal, id);
    response
      .status(200)
      .type(document.contentType)
      .setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`)
      .setHeader('x-content-sha256', document.sha256)
      .send(content);
  }
}
