import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open actions of every case (`journey.openActions`), one row per action, replaced with every
 * event the journey records, so `myWork` lists them across cases by due time in one query.
 * Cases recorded before are derived from their events when intake starts (JourneyService).
 */
export class JourneyOpenActions1769714000000 implements MigrationInterface {
  name = 'JourneyOpenActions1769714000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE journey_open_action (
        case_id uuid NOT NULL,
        code text NOT NULL,
        role text NOT NULL,
        team text,
        region_code text,
        customer_id uuid NOT NULL,
        case_number text NOT NULL,
        category text NOT NULL,
        description text NOT NULL,
        since timestamptz NOT NULL,
        due timestamptz,
        due_order timestamptz NOT NULL,
        clock jsonb,
        PRIMARY KEY (case_id, code)
      )`);
    await q.query('CREATE INDEX journey_open_action_role_due ON journey_open_action (role, due_order, since, case_id, code)');
    await q.query('CREATE INDEX journey_open_action_customer_due ON journey_open_action (customer_id, due_order, since, case_id, code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE journey_open_action');
  }
}
