import { MigrationInterface, QueryRunner } from 'typeorm';

/** The shared case copy: the case's region and business type, and the one cancellation block's names. */
export class CaseCopy1767000000000 implements MigrationInterface {
  name = 'CaseCopy1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inspection_case RENAME COLUMN cancel_reason TO cancellation_reason`);
    await q.query(`ALTER TABLE inspection_case RENAME COLUMN cancelled_by TO cancelled_by_id`);
    await q.query(
      `ALTER TABLE inspection_case ADD COLUMN cancelled_by_role text, ADD COLUMN region_code text, ADD COLUMN business_type text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inspection_case DROP COLUMN cancelled_by_role, DROP COLUMN region_code, DROP COLUMN business_type`);
    await q.query(`ALTER TABLE inspection_case RENAME COLUMN cancelled_by_id TO cancelled_by`);
    await q.query(`ALTER TABLE inspection_case RENAME COLUMN cancellation_reason TO cancel_reason`);
  }
}
