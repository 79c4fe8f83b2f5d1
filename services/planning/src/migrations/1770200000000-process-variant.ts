import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The process variant the case walks (null: accepted before variants were walked, the pre-reform
 * walk) and, for a case that walks or walked 三零, the scheme version whose terms its contract carries.
 */
export class ProcessVariant1770200000000 implements MigrationInterface {
  name = 'ProcessVariant1770200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE planning_case
        ADD COLUMN process_variant text CHECK (process_variant IN ('PRE_REFORM', 'THREE_ZERO', 'THREE_SAVINGS')),
        ADD COLUMN contract_terms_version int CHECK (contract_terms_version >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning_case DROP COLUMN contract_terms_version, DROP COLUMN process_variant`);
  }
}
