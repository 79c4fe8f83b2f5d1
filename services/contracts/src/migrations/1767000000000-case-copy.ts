import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared case copy: the case's region and business type on the copy (taken from the
 * accepted application where contracts kept them), the one cancellation block's names, and
 * the application record without the region it never used.
 */
export class CaseCopy1767000000000 implements MigrationInterface {
  name = 'CaseCopy1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contracts_case RENAME COLUMN cancel_reason TO cancellation_reason`);
    await q.query(`ALTER TABLE contracts_case ADD COLUMN region_code text, ADD COLUMN business_type text`);
    await q.query(`
      UPDATE contracts_case c SET region_code = a.region_code, business_type = a.business_type
        FROM contracts_application a WHERE a.case_id = c.case_id`);
    await q.query(`ALTER TABLE contracts_application DROP COLUMN region_code`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contracts_application ADD COLUMN region_code text`);
    await q.query(`
      UPDATE contracts_application a SET region_code = coalesce(c.region_code, '')
        FROM contracts_case c WHERE a.case_id = c.case_id`);
    await q.query(`UPDATE contracts_application SET region_code = '' WHERE region_code IS NULL`);
    await q.query(`ALTER TABLE contracts_application ALTER COLUMN region_code SET NOT NULL`);
    await q.query(`ALTER TABLE contracts_case DROP COLUMN region_code, DROP COLUMN business_type`);
    await q.query(`ALTER TABLE contracts_case RENAME COLUMN cancellation_reason TO cancel_reason`);
  }
}
