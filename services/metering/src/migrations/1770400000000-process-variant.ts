import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The process variant the case walks and, for a case that walks or walked 三零, the scheme version whose
 * terms its signed contract must carry; the terms each fully signed contract carried.
 */
export class ProcessVariant1770400000000 implements MigrationInterface {
  name = 'ProcessVariant1770400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE metering_case
        ADD COLUMN process_variant text
          CONSTRAINT metering_case_process_variant CHECK (process_variant IN ('PRE_REFORM', 'THREE_ZERO', 'THREE_SAVINGS')),
        ADD COLUMN contract_terms_version int
          CONSTRAINT metering_case_contract_terms_version CHECK (contract_terms_version >= 0)`);
    await q.query(`
      ALTER TABLE metering_fact
        ADD COLUMN terms_version int
          CONSTRAINT metering_fact_terms_version CHECK (terms_version IS NULL OR (terms_version >= 0 AND condition = 'CONTRACT_SIGNED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metering_fact DROP COLUMN terms_version`);
    await q.query(`ALTER TABLE metering_case DROP COLUMN process_variant, DROP COLUMN contract_terms_version`);
  }
}
