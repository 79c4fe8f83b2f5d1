import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journey's head (stage, next action, utility and customer time as of the latest event) kept
 * on the journey case, so a read of `journey` no longer replays every event of the case. Cases
 * recorded before have none until their next event; their reads replay the events as before.
 */
export class JourneySummary1768000000000 implements MigrationInterface {
  name = 'JourneySummary1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE journey_case ADD COLUMN summary jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE journey_case DROP COLUMN summary');
  }
}
