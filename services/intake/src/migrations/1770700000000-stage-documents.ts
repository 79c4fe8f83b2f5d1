import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents a later stage asks for (the design's drawings, the acceptance's reports), uploaded
 * once the application is accepted: filed under the stage checklist's item code instead of an
 * application slot, one or the other, each item with its own versions.
 */
export class StageDocuments1770700000000 implements MigrationInterface {
  name = 'StageDocuments1770700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE case_document ADD COLUMN item text CONSTRAINT case_document_item_code CHECK (item ~ '^[A-Z][A-Z0-9_]{0,63}$')",
    );
    await q.query('ALTER TABLE case_document ALTER COLUMN slot DROP NOT NULL');
    await q.query('ALTER TABLE case_document ADD CONSTRAINT case_document_slot_or_item CHECK ((slot IS NULL) <> (item IS NULL))');
    await q.query('CREATE UNIQUE INDEX case_document_item_version ON case_document (case_id, item, version) WHERE item IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM case_document WHERE item IS NOT NULL');
    await q.query('DROP INDEX case_document_item_version');
    await q.query('ALTER TABLE case_document DROP CONSTRAINT case_document_slot_or_item');
    await q.query('ALTER TABLE case_document ALTER COLUMN slot SET NOT NULL');
    await q.query('ALTER TABLE case_document DROP COLUMN item');
  }
}
