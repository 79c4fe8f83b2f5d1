import { MigrationInterface, QueryRunner } from 'typeorm';

/** The process variant the case walks, which decides the inspection stages it walks (null: confirmed before variants were walked). */
export class ProcessVariant1770500000000 implements MigrationInterface {
  name = 'ProcessVariant1770500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inspection_case ADD COLUMN process_variant text
        CONSTRAINT inspection_case_process_variant CHECK (process_variant IN ('PRE_REFORM', 'THREE_ZERO', 'THREE_SAVINGS'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inspection_case DROP COLUMN process_variant`);
  }
}
