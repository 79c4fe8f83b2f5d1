import { MigrationInterface, QueryRunner } from 'typeorm';

/** The completion of the utility's external works is a gate fact (for cases whose scheme needs them). */
export class ExternalWorksGate1769800000000 implements MigrationInterface {
  name = 'ExternalWorksGate1769800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metering_fact DROP CONSTRAINT metering_fact_condition_check`);
    await q.query(`
      ALTER TABLE metering_fact ADD CONSTRAINT metering_fact_condition_check
        CHECK (condition IN ('CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED', 'EXTERNAL_WORKS_COMPLETED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE metering_fact DROP CONSTRAINT metering_fact_condition_check`);
    await q.query(`
      ALTER TABLE metering_fact ADD CONSTRAINT metering_fact_condition_check
        CHECK (condition IN ('CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED'))`);
  }
}
