import { MigrationInterface, QueryRunner } from 'typeorm';

/** The removal from site of a meter installed on a case that was withdrawn: when, by whom, and the final reading. */
export class MeterRemoval1765000000001 implements MigrationInterface {
  name = 'MeterRemoval1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE meter_installation
        ADD COLUMN removed_at timestamptz,
        ADD COLUMN removed_by text,
        ADD COLUMN removal_reading numeric CHECK (removal_reading >= reading),
        ADD CONSTRAINT meter_installation_removed CHECK (
          (removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removal_reading IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE meter_installation
        DROP CONSTRAINT meter_installation_removed,
        DROP COLUMN removal_reading,
        DROP COLUMN removed_by,
        DROP COLUMN removed_at`);
  }
}
