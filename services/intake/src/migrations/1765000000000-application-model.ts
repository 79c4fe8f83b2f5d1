import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full application model: identity numbers sealed with a key id and found through keyed
 * blind indexes, applicant kind, the one-notice history, withdrawal and energization facts,
 * checklist documents with versions, and the stage and region columns staff search filters on.
 * Every filter of staff search has an index that leads with it and ends in (submitted_at, id),
 * so a page is an index range scan in keyset order plus LIMIT, whatever the table size.
 */
export class ApplicationModel1765000000000 implements MigrationInterface {
  name = 'ApplicationModel1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer
        ADD COLUMN kind text NOT NULL DEFAULT 'PERSON',
        ADD COLUMN id_number_sealed text,
        ADD COLUMN id_number_key_id text,
        ADD COLUMN id_number_index text,
        ADD COLUMN name_index text,
        ALTER COLUMN id_number DROP NOT NULL`);
    // Rows from before sealing keep their clear number until the service seals them at start.
    await q.query('ALTER TABLE customer DROP CONSTRAINT customer_identity');
    await q.query('CREATE UNIQUE INDEX customer_identity ON customer (id_type, id_number_index)');
    await q.query('CREATE INDEX customer_unsealed ON customer (id) WHERE id_number IS NOT NULL');

    await q.query(`
      ALTER TABLE connection_case
        ADD COLUMN stage text NOT NULL DEFAULT 'APPLICATION',
        ADD COLUMN region_code text,
        ADD COLUMN customer_name_index text,
        ADD COLUMN id_number_index text,
        ADD COLUMN return_notices jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN withdrawal jsonb,
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN energized_at timestamptz,
        ADD COLUMN archived_at timestamptz`);
    await q.query(`UPDATE connection_case SET region_code = application->>'regionCode'`);
    await q.query(`
      UPDATE connection_case SET return_notices = jsonb_build_array(return_notice || jsonb_build_object('round', submission_round))
      WHERE return_notice IS NOT NULL`);
    await q.query('ALTER TABLE connection_case ALTER COLUMN region_code SET NOT NULL');

    await q.query('CREATE INDEX connection_case_recent ON connection_case (submitted_at, id)');
    for (const column of ['category', 'stage', 'region_code', 'status', 'customer_name_index', 'id_number_index', 'customer_id']) {
      await q.query(`CREATE INDEX connection_case_by_${column} ON connection_case (${column}, submitted_at, id)`);
    }
    await q.query('DROP INDEX connection_case_status');

    await q.query(`
      CREATE TABLE case_document (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES connection_case (id),
        slot text NOT NULL,
        version int NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size int NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        rejection jsonb,
        CONSTRAINT case_document_version UNIQUE (case_id, slot, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_document');
    await q.query('CREATE INDEX connection_case_status ON connection_case (status, number)');
    for (const column of ['category', 'stage', 'region_code', 'status', 'customer_name_index', 'id_number_index', 'customer_id']) {
      await q.query(`DROP INDEX connection_case_by_${column}`);
    }
    await q.query('DROP INDEX connection_case_recent');
    await q.query(`
      ALTER TABLE connection_case
        DROP COLUMN stage, DROP COLUMN region_code, DROP COLUMN customer_name_index, DROP COLUMN id_number_index,
        DROP COLUMN return_notices, DROP COLUMN withdrawal, DROP COLUMN withdrawn_at, DROP COLUMN energized_at, DROP COLUMN archived_at`);
    await q.query('DROP INDEX customer_unsealed');
    await q.query('DROP INDEX customer_identity');
    await q.query('ALTER TABLE customer ADD CONSTRAINT customer_identity UNIQUE (id_type, id_number)');
    await q.query(`
      ALTER TABLE customer
        DROP COLUMN kind, DROP COLUMN id_number_sealed, DROP COLUMN id_number_key_id, DROP COLUMN id_number_index, DROP COLUMN name_index`);
  }
}
