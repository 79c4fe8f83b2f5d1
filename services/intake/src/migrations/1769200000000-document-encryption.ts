import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents are stored sealed (envelope encryption, decision 0018): each row keeps the id of the
 * key that wraps the file's data key, and the wrapped data key. Both are null for a file stored
 * before, until `node . encrypt-documents` seals it.
 */
export class DocumentEncryption1769200000000 implements MigrationInterface {
  name = 'DocumentEncryption1769200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_document
        ADD COLUMN key_id text,
        ADD COLUMN wrapped_key bytea,
        ADD CONSTRAINT case_document_sealed CHECK ((key_id IS NULL) = (wrapped_key IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE case_document DROP CONSTRAINT case_document_sealed, DROP COLUMN wrapped_key, DROP COLUMN key_id');
  }
}
