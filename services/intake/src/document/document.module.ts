import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DOCUMENT_KEY_RING, DocumentCipher, loadKeyRing } from '@yekuo/platform';
import { memoryStorage } from 'multer';
import { BlobStore, createBlobStore } from './blob-store';
import { DOCUMENT_CONFIG, loadDocumentConfig } from './document.config';
import { DocumentController } from './document.controller';
import { DocumentService } from './document.service';

/** Document uploads into checklist slots, stored sealed (DocumentCipher) through a BlobStore (filesystem or S3-compatible). */
@Module({
  imports: [
    MulterModule.registerAsync({
      useFactory: () => ({
        storage: memoryStorage(),
        limits: { fileSize: loadDocumentConfig().DOCUMENT_MAX_BYTES, files: 1, fields: 10, parts: 12 },
        // File names are UTF-8 (Chinese names), not multer's default latin1.
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [DocumentController],
  providers: [
    { provide: DOCUMENT_CONFIG, useFactory: () => loadDocumentConfig() },
    { provide: BlobStore, inject: [DOCUMENT_CONFIG], useFactory: createBlobStore },
    { provide: DocumentCipher, useFactory: async () => new DocumentCipher(await loadKeyRing(DOCUMENT_KEY_RING)) },
    DocumentService,
  ],
  exports: [DocumentService],
})
export class DocumentModule {}
