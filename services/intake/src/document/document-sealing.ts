import { createHash } from 'node:crypto';
import { PassThrough, pipeline } from 'node:stream';
import { Logger } from '@nestjs/common';
import {
  DOCUMENT_KEY_RING,
  DocumentCipher,
  loadKeyRing,
  openDatabase,
  sealedLength,
  type ServiceCommand,
  databaseOwnerUrl,
} from '@yekuo/platform';
import { DataSource } from 'typeorm';
import { BlobStore, createBlobStore } from './blob-store';
import { loadDocumentConfig } from './document.config';

/** Where a file stored before documents were sealed goes once sealed; its plaintext original is then deleted. */
const SEALED_SUFFIX = '.sealed';

export interface SealingReport {
  /** Files stored in plaintext, now sealed. */
  sealed: number;
  /** Data keys re-wrapped under the active key. */
  rewrapped: number;
  /** Files whose bytes no longer match their recorded sha256: left as they are, named in the log. */
  mismatched: string[];
}

/**
 * Brings every stored document under the active document key, idempotently: a file stored
 * before documents were sealed is sealed (to a new blob; the row then names it, the plaintext
 * is deleted), and a data key wrapped under an older key is re-wrapped (the row only). A second
 * run finds nothing to do.
 */
export class DocumentSealing {
  private readonly logger = new Logger('Documents');

  constructor(
    private readonly dataSource: DataSource,
    private readonly blobs: BlobStore,
    private readonly cipher: DocumentCipher,
  ) {}

  async run(batchSize = 100): Promise<SealingReport> {
    const report: SealingReport = { sealed: 0, rewrapped: 0, mismatched: [] };
    await this.sealPlaintext(batchSize, report);
    await this.removeLeftPlaintext(batchSize);
    report.rewrapped = await this.rewrap(batchSize);
    return report;
  }

  private async sealPlaintext(batchSize: number, report: SealingReport): Promise<void> {
    for (let after = ''; ;) {
      const rows = await this.dataSource.query<{ id: string; storage_key: string; size: number; sha256: string; content_type: string }[]>(
        `SELECT id, storage_key, size, sha256, content_type FROM case_document
          WHERE key_id IS NULL AND id::text > $1 ORDER BY id::text LIMIT $2`,
        [after, batchSize],
      );
      for (const row of rows) {
        if (await this.sealOne(row)) report.sealed += 1;
        else report.mismatched.push(row.id);
      }
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Seals one plaintext file to `<key>.sealed`, checking its sha256 on the way; false when it does not match. */
  private async sealOne(row: { id: string; storage_key: string; size: number; sha256: string; content_type: string }): Promise<boolean> {
    const target = row.storage_key + SEALED_SUFFIX;
    const { stream, keyId, wrappedKey } = this.cipher.sealer();
    const hash = createHash('sha256');
    const hashing = new PassThrough();
    hashing.on('data', (chunk: Buffer) => hash.update(chunk));
    const sealed = pipeline(await this.blobs.get(row.storage_key), hashing, stream, () => undefined);
    await this.blobs.put(target, sealed, sealedLength(row.size), row.content_type);
    if (hash.digest('hex') !== row.sha256) {
      this.logger.error(`document ${row.id}: the stored file does not match its recorded sha256; left unsealed`);
      await this.blobs.remove(target);
      return false;
    }
    const [, changed] = await this.dataSource.query<[unknown, number]>(
      'UPDATE case_document SET storage_key = $2, key_id = $3, wrapped_key = $4 WHERE id = $1 AND key_id IS NULL',
      [row.id, target, keyId, wrappedKey],
    );
    // Another run sealed it meanwhile: its blob stays, this one goes.
    await this.blobs.remove(changed === 1 ? row.storage_key : target);
    return true;
  }

  /** A run stopped between recording a sealed file and deleting its plaintext left the plaintext: delete it. */
  private async removeLeftPlaintext(batchSize: number): Promise<void> {
    for (let after = ''; ;) {
      const rows = await this.dataSource.query<{ id: string; storage_key: string }[]>(
        `SELECT id, storage_key FROM case_document WHERE storage_key LIKE $1 AND id::text > $2 ORDER BY id::text LIMIT $3`,
        [`%${SEALED_SUFFIX}`, after, batchSize],
      );
      for (const row of rows) await this.blobs.remove(row.storage_key.slice(0, -SEALED_SUFFIX.length));
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Re-wraps every data key not under the active key; the stored files are not touched. */
  private async rewrap(batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const rows = await manager.query<{ id: string; key_id: string; wrapped_key: Buffer }[]>(
          `SELECT id, key_id, wrapped_key FROM case_document WHERE key_id <> $1 LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [this.cipher.activeKeyId, batchSize],
        );
        for (const row of rows) {
          const next = this.cipher.rewrap({ keyId: row.key_id, wrappedKey: row.wrapped_key });
          await manager.query('UPDATE case_document SET key_id = $2, wrapped_key = $3 WHERE id = $1', [
            row.id,
            next.keyId,
            next.wrappedKey,
          ]);
        }
        return rows.length;
      });
      total += done;
      if (done < batchSize) return total;
    }
  }
}

/**
 * `node . encrypt-documents` (`npm run documents:encrypt`): migrates like a start, then seals
 * every document still stored in plaintext and re-wraps data keys under the active key, as the
 * runtime role. Idempotent; safe beside running instances.
 */
export const encryptDocumentsCommand: ServiceCommand = async (definition, config) => {
  const dataSource = await openDatabase({
    url: config.DATABASE_URL,
    ownerUrl: databaseOwnerUrl(config),
    appendOnlyTables: definition.appendOnlyTables,
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: 2,
  });
  try {
    const cipher = new DocumentCipher(await loadKeyRing(DOCUMENT_KEY_RING));
    const report = await new DocumentSealing(dataSource, createBlobStore(loadDocumentConfig()), cipher).run();
    return describeSealing(report, cipher.activeKeyId);
  } finally {
    await dataSource.destroy();
  }
};

export function describeSealing(report: SealingReport, activeKeyId: string): string {
  const mismatched = report.mismatched.length ? `; ${report.mismatched.length} not sealed, their bytes differ from their sha256` : '';
  return `documents: ${report.sealed} sealed, ${report.rewrapped} data keys re-wrapped under ${activeKeyId}${mismatched}`;
}
