import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clock counts working days or every day (a whole-process figure stated in days), and may run
 * without a limit (a case accepted under a version that states no whole-process figure): its
 * limit, target and their deadlines are then null and it never warns nor breaches.
 */
export class ClockUnitsAndOpenLimits1769900000000 implements MigrationInterface {
  name = 'ClockUnitsAndOpenLimits1769900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE stage_clock ADD COLUMN day_unit text NOT NULL DEFAULT 'WORKING_DAYS' CHECK (day_unit IN ('WORKING_DAYS', 'CALENDAR_DAYS'))`,
    );
    await q.query(`ALTER TABLE stage_clock ALTER COLUMN limit_days DROP NOT NULL, ALTER COLUMN target_days DROP NOT NULL`);
    await q.query(`ALTER TABLE stage_clock ALTER COLUMN deadline DROP NOT NULL, ALTER COLUMN target_deadline DROP NOT NULL`);
    await q.query(
      `ALTER TABLE stage_clock ADD CONSTRAINT stage_clock_limit_deadline CHECK ((limit_days IS NULL) = (deadline IS NULL) AND (target_days IS NULL) = (target_deadline IS NULL) AND (limit_days IS NOT NULL OR target_days IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM stage_clock_pause WHERE clock_id IN (SELECT id FROM stage_clock WHERE limit_days IS NULL OR target_days IS NULL)`,
    );
    await q.query(`DELETE FROM stage_clock WHERE limit_days IS NULL OR target_days IS NULL`);
    await q.query(`ALTER TABLE stage_clock DROP CONSTRAINT stage_clock_limit_deadline`);
    await q.query(`ALTER TABLE stage_clock ALTER COLUMN limit_days SET NOT NULL, ALTER COLUMN target_days SET NOT NULL`);
    await q.query(`ALTER TABLE stage_clock ALTER COLUMN deadline SET NOT NULL, ALTER COLUMN target_deadline SET NOT NULL`);
    await q.query(`ALTER TABLE stage_clock DROP COLUMN day_unit`);
  }
}
