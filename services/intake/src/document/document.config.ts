import { loadConfig } from '@yekuo/platform';
import { z } from 'zod';

export const documentConfigSchema = z
  .object({
    DOCUMENT_STORE: z.enum(['filesystem', 's3']).default('filesystem'),
    DOCUMENTS_DIR: z.string().min(1).default('var/documents'),
    DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  })
  .superRefine((env, ctx) => {
    if (env.DOCUMENT_STORE === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when DOCUMENT_STORE=s3' });
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['S3_SECRET_ACCESS_KEY'], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' });
    }
  });

export type DocumentConfig = z.infer<typeof documentConfigSchema>;

export const DOCUMENT_CONFIG = Symbol('DOCUMENT_CONFIG');

export function loadDocumentConfig(env: NodeJS.ProcessEnv = process.env): DocumentConfig {
  return loadConfig(documentConfigSchema, env);
}
