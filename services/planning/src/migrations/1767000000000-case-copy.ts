import { MigrationInterface, QueryRunner } from 'typeorm';

/** The shared case copy: the one cancellation block (who cancelled, with their role). */
export class CaseCopy1767000000000 implements MigrationInterface {
  name = 'CaseCopy1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning_case RENAME COLUMN cancelled_by TO cancelled_by_id`);
    await q.query(`ALTER TABLE planning_case ADD COLUMN cancelled_by_role text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning_case DROP COLUMN cancelled_by_role`);
    await q.query(`ALTER TABLE planning_case RENAME COLUMN cancelled_by_id TO cancelled_by`);
  }
}
