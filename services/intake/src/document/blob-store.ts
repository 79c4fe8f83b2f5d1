import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DocumentConfig } from './document.config';

/**
 * Where document content lives, streamed both ways (sealed: see DocumentCipher); the database
 * keeps the key, size, hash and the wrapped data key.
 */
export abstract class BlobStore {
  /** Stores `content` (exactly `length` bytes) under `key`, replacing what was there only once it is complete. */
  abstract put(key: string, content: Readable, length: number, contentType: string): Promise<void>;
  /** The stored bytes; rejects (before any byte) when there is no such blob. */
  abstract get(key: string): Promise<Readable>;
  /** Deletes the blob; nothing to delete is fine. */
  abstract remove(key: string): Promise<void>;
}

/** Documents as files under one directory (the default). */
export class FileBlobStore extends BlobStore {
  private readonly root: string;

  constructor(directory: string) {
    super();
    this.root = resolve(directory);
  }

  async put(key: string, content: Readable): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await pipeline(content, createWriteStream(temp, { mode: 0o600 }));
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const handle = await open(this.pathOf(key), 'r');
    return handle.createReadStream();
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error('document key escapes the store');
    return path;
  }
}

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Documents in an S3-compatible bucket (MinIO needs path-style addressing). */
export class S3BlobStore extends BlobStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    super();
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
  }

  async put(key: string, content: Readable, length: number, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: content,
        ContentLength: length,
        ContentType: contentType,
        ServerSideEncryption: 'AES256',
      }),
    );
  }

  async get(key: string): Promise<Readable> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    if (!(result.Body instanceof Readable)) throw new Error(`document ${key} has no content`);
    return result.Body;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }
}

/** The store DOCUMENT_STORE names. */
export function createBlobStore(config: DocumentConfig): BlobStore {
  return config.DOCUMENT_STORE === 's3'
    ? new S3BlobStore({
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        bucket: config.S3_BUCKET ?? '',
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
      })
    : new FileBlobStore(config.DOCUMENTS_DIR);
}
