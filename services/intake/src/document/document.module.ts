import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { BlobStore, FileBlobStore, S3BlobStore } from './blob-store';
import { DOCUMENT_CONFIG, DocumentConfig, loadDocumentConfig } from './document.config';
import { DocumentController } from './document.controller';
import { DocumentService } from './document.service';

/** Document uploads into checklist slots, stored through a BlobStore (filesystem or S3-compatible). */
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
    {
      provide: BlobStore,
      inject: [DOCUMENT_CONFIG],
      useFactory: (config: DocumentConfig): BlobStore =>
        config.DOCUMENT_STORE === 's3'
          ? new S3BlobStore({
              endpoint: config.S3_ENDPOINT,
              region: config.S3_REGION,
              bucket: config.S3_BUCKET ?? '',
              accessKeyId: config.S3_ACCESS_KEY_ID,
              secretAccessKey: config.S3_SECRET_ACCESS_KEY,
              forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
            })
          : new FileBlobStore(config.DOCUMENTS_DIR),
    },
    DocumentService,
  ],
  exports: [DocumentService],
})
export class DocumentModule {}
