import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets pin the policy version they were opened under and get a resolution limit. Tickets
 * opened before keep version "2026-01", which had response limits only: no resolution due time.
 */
export class TicketResolutionLimits1769713000000 implements MigrationInterface {
  name = 'TicketResolutionLimits1769713000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ticket
        ADD COLUMN policy_version text NOT NULL DEFAULT '2026-01',
        ADD COLUMN resolution_due_at timestamptz,
        ADD COLUMN resolution_escalated_at timestamptz`);
    await q.query('ALTER TABLE ticket ALTER COLUMN policy_version DROP DEFAULT');
    // The escalation sweep reads only unresolved tickets not yet escalated for their resolution, by due time.
    await q.query(`
      CREATE INDEX ticket_resolution_escalation_due ON ticket (resolution_due_at)
        WHERE status IN ('OPEN', 'RESPONDED') AND resolution_escalated_at IS NULL AND resolution_due_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ticket_resolution_escalation_due');
    await q.query('ALTER TABLE ticket DROP COLUMN resolution_escalated_at, DROP COLUMN resolution_due_at, DROP COLUMN policy_version');
  }
}
