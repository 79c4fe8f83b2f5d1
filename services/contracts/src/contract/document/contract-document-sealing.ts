import { DocumentCipher, DOCUMENT_KEY_RING, loadKeyRing, openDatabase, databaseOwnerUrl, type ServiceCommand } from '@yekuo/platform';
import { DataSource } from 'typeorm';

/**
 * Brings every contract PDF under the active document key, idempotently: a PDF stored before
 * PDFs were sealed is sealed in its row, and a data key wrapped under an older key is re-wrapped.
 * `contract_document` is append-only for the runtime role, so this runs as the owner; its
 * trigger still refuses any change of what a PDF says (migration 1769200000000). Returns how
 * many rows were sealed and re-wrapped; a second run finds nothing to do.
 */
export async function sealContractDocuments(
  owner: DataSource,
  cipher: DocumentCipher,
  batchSize = 50,
): Promise<{ sealed: number; rewrapped: number }> {
  const counts = { sealed: 0, rewrapped: 0 };
  for (;;) {
    const done = await owner.transaction(async (manager) => {
      const rows = await manager.query<{ contract_id: string; pdf: Buffer; key_id: string | null; wrapped_key: Buffer | null }[]>(
        `SELECT contract_id, CASE WHEN key_id IS NULL THEN pdf END AS pdf, key_id, wrapped_key FROM contract_document
          WHERE key_id IS NULL OR key_id <> $1 LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cipher.activeKeyId, batchSize],
      );
      for (const row of rows) {
        if (row.key_id === null || row.wrapped_key === null) {
          const { sealed, keyId, wrappedKey } = cipher.seal(row.pdf);
          await manager.query('UPDATE contract_document SET pdf = $2, key_id = $3, wrapped_key = $4 WHERE contract_id = $1', [
            row.contract_id,
            sealed,
            keyId,
            wrappedKey,
          ]);
          counts.sealed += 1;
        } else {
          const next = cipher.rewrap({ keyId: row.key_id, wrappedKey: row.wrapped_key });
          await manager.query('UPDATE contract_document SET key_id = $2, wrapped_key = $3 WHERE contract_id = $1', [
            row.contract_id,
            next.keyId,
            next.wrappedKey,
          ]);
          counts.rewrapped += 1;
        }
      }
      return rows.length;
    });
    if (done < batchSize) return counts;
  }
}

/** `node . encrypt-documents` (`npm run documents:encrypt`): migrates like a start, then seals and re-wraps as the owner (DATABASE_OWNER_URL). */
export const encryptContractDocumentsCommand: ServiceCommand = async (definition, config) => {
  const options = { entities: definition.entities, migrations: definition.migrations, appendOnlyTables: definition.appendOnlyTables };
  // Migrated and granted exactly as at start; the work itself needs the owner.
  await (await openDatabase({ ...options, url: config.DATABASE_URL, ownerUrl: databaseOwnerUrl(config), poolSize: 2 })).destroy();
  const owner = await new DataSource({ type: 'postgres', url: databaseOwnerUrl(config), extra: { max: 2 } }).initialize();
  try {
    const cipher = new DocumentCipher(await loadKeyRing(DOCUMENT_KEY_RING));
    const { sealed, rewrapped } = await sealContractDocuments(owner, cipher);
    return `contract documents: ${sealed} sealed, ${rewrapped} data keys re-wrapped under ${cipher.activeKeyId}`;
  } finally {
    await owner.destroy();
  }
};
