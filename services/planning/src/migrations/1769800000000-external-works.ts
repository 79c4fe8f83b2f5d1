import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External works (配套工程 / 外线工程): whether a scheme version needs the utility's works outside
 * the customer's site, and the works order of a case with its permits and progress notes.
 */
export class ExternalWorks1769800000000 implements MigrationInterface {
  name = 'ExternalWorks1769800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supply_scheme ADD COLUMN external_works_required boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE external_works_order (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL UNIQUE REFERENCES planning_case (case_id),
        scheme_id uuid NOT NULL REFERENCES supply_scheme (id),
        scheme_version int NOT NULL,
        status text NOT NULL CHECK (status IN ('ORDERED', 'COMPLETED', 'CANCELLED')),
        ordered_at timestamptz NOT NULL,
        ordered_by_id text NOT NULL,
        ordered_by_role text NOT NULL,
        completed_at timestamptz,
        completed_by_id text,
        completion_note text,
        cancelled_at timestamptz,
        CONSTRAINT external_works_order_completed CHECK ((status = 'COMPLETED') = (completed_at IS NOT NULL AND completed_by_id IS NOT NULL)),
        CONSTRAINT external_works_order_cancelled CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE external_works_permit (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES external_works_order (id),
        case_id uuid NOT NULL REFERENCES planning_case (case_id),
        kind text NOT NULL CHECK (kind IN ('ROAD_EXCAVATION', 'GREEN_SPACE', 'TRAFFIC', 'OTHER')),
        authority text NOT NULL,
        status text NOT NULL CHECK (status IN ('APPLIED', 'GRANTED', 'REFUSED')),
        applied_at timestamptz NOT NULL,
        applied_by_id text NOT NULL,
        decided_at timestamptz,
        decided_by_id text,
        reference text,
        refusal_reason text,
        CONSTRAINT external_works_permit_decided CHECK ((status = 'APPLIED') = (decided_at IS NULL)),
        CONSTRAINT external_works_permit_granted CHECK (status <> 'GRANTED' OR reference IS NOT NULL),
        CONSTRAINT external_works_permit_refused CHECK (status <> 'REFUSED' OR refusal_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX external_works_permit_order ON external_works_permit (order_id, applied_at)`);
    await q.query(`
      CREATE TABLE external_works_progress (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES external_works_order (id),
        case_id uuid NOT NULL REFERENCES planning_case (case_id),
        note text NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by_id text NOT NULL,
        recorded_by_role text NOT NULL
      )`);
    await q.query(`CREATE INDEX external_works_progress_order ON external_works_progress (order_id, recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE external_works_progress`);
    await q.query(`DROP TABLE external_works_permit`);
    await q.query(`DROP TABLE external_works_order`);
    await q.query(`ALTER TABLE supply_scheme DROP COLUMN external_works_required`);
  }
}
