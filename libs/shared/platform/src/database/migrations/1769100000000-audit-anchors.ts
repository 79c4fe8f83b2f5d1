import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit anchors (decision 0016): the anchoring looks for the chains that moved since its last
 * anchor by the time their records were recorded, so that time is indexed. The anchors themselves
 * live in the witness database, never here.
 */
export class AuditAnchors1769100000000 implements MigrationInterface {
  name = 'AuditAnchors1769100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_record_recorded_at ON audit_record (recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX audit_record_recorded_at');
  }
}
