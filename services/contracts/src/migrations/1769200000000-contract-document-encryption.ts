import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contract PDFs are stored sealed (envelope encryption, decision 0018): the row keeps the id of the
 * key that wraps the PDF's data key and the wrapped data key (null for a PDF stored before, until
 * `node . encrypt-documents` seals it). The document stays immutable in what it says: the trigger
 * still refuses every DELETE and any UPDATE of the hash, size, pages or time, and lets the bytes
 * change only from plaintext to sealed; a sealed PDF's bytes never change again, only the key
 * that wraps its data key (rotation). The runtime role may not UPDATE at all (decision 0015): this
 * is the owner's, for `encrypt-documents`.
 */
export class ContractDocumentEncryption1769200000000 implements MigrationInterface {
  name = 'ContractDocumentEncryption1769200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contract_document
        ADD COLUMN key_id text,
        ADD COLUMN wrapped_key bytea,
        ADD CONSTRAINT contract_document_sealed CHECK ((key_id IS NULL) = (wrapped_key IS NULL))`);
    await q.query(`
      CREATE OR REPLACE FUNCTION contract_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
          AND NEW.contract_id = OLD.contract_id AND NEW.sha256 = OLD.sha256 AND NEW.byte_size = OLD.byte_size
          AND NEW.page_count = OLD.page_count AND NEW.rendered_at = OLD.rendered_at
          AND NEW.key_id IS NOT NULL AND (OLD.key_id IS NULL OR NEW.pdf = OLD.pdf) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'contract documents are immutable (contract %)', OLD.contract_id;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION contract_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'contract documents are immutable (contract %)', OLD.contract_id;
      END $$`);
    await q.query('ALTER TABLE contract_document DROP CONSTRAINT contract_document_sealed, DROP COLUMN wrapped_key, DROP COLUMN key_id');
  }
}
