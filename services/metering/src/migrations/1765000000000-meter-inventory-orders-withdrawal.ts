import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Meters become inventory assets assigned to cases (one active assignment per meter
 * and per case, enforced by partial unique indexes); installations are made against
 * an installation order; seal numbers are unique across installations; a withdrawn
 * case is CANCELLED in metering. Existing meters keep their ids and become assets
 * with an active assignment to their case.
 */
export class MeterInventoryOrdersWithdrawal1765000000000 implements MigrationInterface {
  name = 'MeterInventoryOrdersWithdrawal1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // The case copy: the supply voltage (which meter types fit), and the cancellation by withdrawal.
    await q.query(`
      ALTER TABLE metering_case
        ADD COLUMN voltage_level text,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by text,
        ADD COLUMN cancelled_by_role text,
        ADD COLUMN cancel_reason text,
        ADD COLUMN cancelled_work text[],
        ADD COLUMN cancelled_from text,
        DROP CONSTRAINT metering_case_status_check,
        ADD CONSTRAINT metering_case_status_check CHECK (
          status IN ('AWAITING_SCHEME', 'OPEN', 'METER_ASSIGNED', 'METER_INSTALLED', 'ENERGIZED', 'ARCHIVED', 'CANCELLED')),
        DROP CONSTRAINT metering_case_opened,
        -- Known (case fields from an event) in every state but AWAITING_SCHEME; a withdrawal may make a case known without a scheme.
        ADD CONSTRAINT metering_case_known CHECK (
          (category IS NULL) = (status = 'AWAITING_SCHEME')
          AND (category IS NULL OR (case_number IS NOT NULL AND customer_id IS NOT NULL AND policy_version IS NOT NULL))),
        ADD CONSTRAINT metering_case_scheme CHECK (
          (scheme_id IS NULL) = (scheme_version IS NULL)
          AND (scheme_id IS NULL) = (metering_method IS NULL)
          AND (scheme_id IS NULL) = (required_conditions IS NULL)
          AND (scheme_id IS NULL) = (scheme_confirmed_at IS NULL)
          AND (required_conditions IS NULL OR cardinality(required_conditions) > 0)
          AND (scheme_id IS NOT NULL OR status IN ('AWAITING_SCHEME', 'CANCELLED'))),
        ADD CONSTRAINT metering_case_cancelled CHECK (
          (cancelled_at IS NULL) = (status <> 'CANCELLED')
          AND (cancelled_at IS NULL OR (cancelled_by IS NOT NULL AND cancelled_by_role IS NOT NULL AND cancel_reason IS NOT NULL
            AND cancelled_work IS NOT NULL AND cancelled_from IS NOT NULL)))`);

    // Assignments: history of which meter served which case; the active one has no release.
    await q.query(`
      CREATE TABLE meter_assignment (
        id uuid PRIMARY KEY,
        meter_id uuid NOT NULL REFERENCES meter (id),
        case_id uuid NOT NULL REFERENCES metering_case (case_id),
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL,
        released_at timestamptz,
        released_by text,
        release_reason text,
        removal_required boolean NOT NULL DEFAULT false,
        CONSTRAINT meter_assignment_released CHECK (
          (released_at IS NULL) = (released_by IS NULL) AND (released_at IS NULL) = (release_reason IS NULL)
          AND NOT (removal_required AND released_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX meter_assignment_active_meter ON meter_assignment (meter_id) WHERE released_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX meter_assignment_active_case ON meter_assignment (case_id) WHERE released_at IS NULL`);
    await q.query(`CREATE INDEX meter_assignment_case ON meter_assignment (case_id, assigned_at)`);
    await q.query(`
      INSERT INTO meter_assignment (id, meter_id, case_id, assigned_by, assigned_at)
      SELECT gen_random_uuid(), id, case_id, assigned_by, assigned_at FROM meter`);

    // Meters as assets. Free-form types of meters assigned before become the type their transformers imply.
    await q.query(`
      ALTER TABLE meter
        ADD COLUMN status text,
        ADD COLUMN registered_by text,
        ADD COLUMN registered_at timestamptz,
        ADD COLUMN retired_at timestamptz,
        ADD COLUMN retired_by text,
        ADD COLUMN retire_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      UPDATE meter m SET
        status = CASE WHEN EXISTS (SELECT 1 FROM meter_installation i WHERE i.meter_id = m.id) THEN 'INSTALLED' ELSE 'ASSIGNED' END,
        registered_by = assigned_by,
        registered_at = assigned_at,
        meter_type = CASE
          WHEN ct_ratio IS NOT NULL AND pt_ratio IS NOT NULL THEN 'HV_CT_PT'
          WHEN ct_ratio IS NOT NULL THEN 'THREE_PHASE_CT'
          WHEN meter_type ILIKE 'SINGLE%' THEN 'SINGLE_PHASE'
          ELSE 'THREE_PHASE_DIRECT' END,
        pt_ratio = CASE WHEN ct_ratio IS NULL THEN NULL ELSE pt_ratio END`);
    await q.query(`DROP INDEX meter_case_unique`);
    await q.query(`
      ALTER TABLE meter
        DROP COLUMN case_id,
        DROP COLUMN assigned_by,
        DROP COLUMN assigned_at,
        ALTER COLUMN status SET NOT NULL,
        ALTER COLUMN registered_by SET NOT NULL,
        ALTER COLUMN registered_at SET NOT NULL,
        ADD CONSTRAINT meter_status_check CHECK (status IN ('IN_STOCK', 'ASSIGNED', 'INSTALLED', 'RETIRED')),
        ADD CONSTRAINT meter_type_not_blank CHECK (meter_type <> ''),
        ADD CONSTRAINT meter_retired CHECK (
          (retired_at IS NULL) = (status <> 'RETIRED') AND (retired_at IS NULL OR (retired_by IS NOT NULL AND retire_reason IS NOT NULL)))`);
    await q.query(`CREATE INDEX meter_status ON meter (status, meter_number)`);

    // An installation belongs to the case (a meter removed from a withdrawn case may serve another one later).
    await q.query(`
      ALTER TABLE meter_installation
        DROP CONSTRAINT meter_installation_pkey,
        DROP CONSTRAINT meter_installation_case_id_key,
        ADD PRIMARY KEY (case_id),
        ADD COLUMN recorded_by text`);
    await q.query(`CREATE INDEX meter_installation_meter ON meter_installation (meter_id)`);

    // A seal is fitted once: its number is unique across every installation.
    await q.query(`
      CREATE TABLE meter_seal (
        seal_number text PRIMARY KEY CHECK (seal_number <> ''),
        case_id uuid NOT NULL REFERENCES metering_case (case_id),
        meter_id uuid NOT NULL REFERENCES meter (id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`
      INSERT INTO meter_seal (seal_number, case_id, meter_id, recorded_at)
      SELECT DISTINCT ON (seal) seal, case_id, meter_id, recorded_at
      FROM meter_installation, unnest(seal_numbers) AS seal ORDER BY seal, recorded_at`);

    // The installation order: who installs and when; rescheduled with a reason, closed by the installation or a withdrawal.
    await q.query(`
      CREATE TABLE installation_order (
        case_id uuid PRIMARY KEY REFERENCES metering_case (case_id),
        status text NOT NULL CHECK (status IN ('SCHEDULED', 'COMPLETED', 'CANCELLED')),
        technician_id text NOT NULL CHECK (technician_id <> ''),
        scheduled_at timestamptz NOT NULL,
        scheduled_by text NOT NULL,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        CONSTRAINT installation_order_closed CHECK ((closed_at IS NULL) = (status = 'SCHEDULED'))
      )`);
    await q.query(
      `CREATE INDEX installation_order_technician ON installation_order (technician_id, scheduled_at) WHERE status = 'SCHEDULED'`,
    );
    await q.query(`
      CREATE TABLE installation_order_change (
        case_id uuid NOT NULL REFERENCES installation_order (case_id),
        seq int NOT NULL CHECK (seq > 0),
        technician_id text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        reason text,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, seq),
        CONSTRAINT installation_order_change_reason CHECK ((seq = 1) = (reason IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE installation_order_change');
    await q.query('DROP TABLE installation_order');
    await q.query('DROP TABLE meter_seal');
    await q.query('DROP INDEX meter_installation_meter');
    await q.query(`
      ALTER TABLE meter_installation
        DROP COLUMN recorded_by,
        DROP CONSTRAINT meter_installation_pkey,
        ADD PRIMARY KEY (meter_id),
        ADD CONSTRAINT meter_installation_case_id_key UNIQUE (case_id)`);
    // Only meters with an active assignment can go back to the old shape (a meter per case).
    await q.query(
      `DELETE FROM meter m WHERE NOT EXISTS (SELECT 1 FROM meter_assignment a WHERE a.meter_id = m.id AND a.released_at IS NULL)`,
    );
    await q.query('DROP INDEX meter_status');
    await q.query(`
      ALTER TABLE meter
        DROP CONSTRAINT meter_status_check,
        DROP CONSTRAINT meter_type_not_blank,
        DROP CONSTRAINT meter_retired,
        ADD COLUMN case_id uuid REFERENCES metering_case (case_id),
        ADD COLUMN assigned_by text,
        ADD COLUMN assigned_at timestamptz`);
    await q.query(`
      UPDATE meter m SET case_id = a.case_id, assigned_by = a.assigned_by, assigned_at = a.assigned_at
      FROM meter_assignment a WHERE a.meter_id = m.id AND a.released_at IS NULL`);
    await q.query(`
      ALTER TABLE meter
        ALTER COLUMN case_id SET NOT NULL, ALTER COLUMN assigned_by SET NOT NULL, ALTER COLUMN assigned_at SET NOT NULL,
        DROP COLUMN status, DROP COLUMN registered_by, DROP COLUMN registered_at,
        DROP COLUMN retired_at, DROP COLUMN retired_by, DROP COLUMN retire_reason, DROP COLUMN updated_at`);
    await q.query(`CREATE UNIQUE INDEX meter_case_unique ON meter (case_id)`);
    await q.query('DROP TABLE meter_assignment');
    await q.query(`DELETE FROM metering_case WHERE status = 'CANCELLED' AND scheme_id IS NULL`);
    await q.query(`UPDATE metering_case SET status = cancelled_from WHERE status = 'CANCELLED'`);
    await q.query(`
      ALTER TABLE metering_case
        DROP CONSTRAINT metering_case_cancelled,
        DROP CONSTRAINT metering_case_scheme,
        DROP CONSTRAINT metering_case_known,
        DROP CONSTRAINT metering_case_status_check,
        ADD CONSTRAINT metering_case_status_check CHECK (
          status IN ('AWAITING_SCHEME', 'OPEN', 'METER_ASSIGNED', 'METER_INSTALLED', 'ENERGIZED', 'ARCHIVED')),
        ADD CONSTRAINT metering_case_opened CHECK (
          (status = 'AWAITING_SCHEME') = (category IS NULL)
          AND (category IS NULL OR (case_number IS NOT NULL AND customer_id IS NOT NULL AND policy_version IS NOT NULL
            AND scheme_id IS NOT NULL AND scheme_version IS NOT NULL AND metering_method IS NOT NULL
            AND required_conditions IS NOT NULL AND cardinality(required_conditions) > 0 AND scheme_confirmed_at IS NOT NULL))),
        DROP COLUMN voltage_level, DROP COLUMN cancelled_at, DROP COLUMN cancelled_by, DROP COLUMN cancelled_by_role,
        DROP COLUMN cancel_reason, DROP COLUMN cancelled_work, DROP COLUMN cancelled_from`);
  }
}
