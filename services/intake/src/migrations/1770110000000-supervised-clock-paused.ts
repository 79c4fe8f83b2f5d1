import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervisor projection marks a clock that waits on the customer (`paused_at`, from the
 * END_TO_END clock's `intake.timelimit.paused.v2`), with the latest resume beside it so the
 * events may arrive in any order. An END_TO_END clock paused now takes its pause from intake's
 * own clock, whose pause began at the instant the paused event carries.
 */
export class SupervisedClockPaused1770110000000 implements MigrationInterface {
  name = 'SupervisedClockPaused1770110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE supervised_clock ADD COLUMN paused_at timestamptz, ADD COLUMN resumed_at timestamptz');
    await q.query(`
      UPDATE supervised_clock s SET paused_at = c.paused_since
      FROM stage_clock c
      WHERE c.id = s.clock_id AND c.state = 'PAUSED' AND s.stage = 'END_TO_END' AND s.stopped_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE supervised_clock DROP COLUMN paused_at, DROP COLUMN resumed_at');
  }
}
