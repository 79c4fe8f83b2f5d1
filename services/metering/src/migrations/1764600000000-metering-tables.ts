import { MigrationInterface, QueryRunner } from 'typeorm';

/** Metering's copy of a case, its gate facts, its meter and the meter's installation. */
export class MeteringTables1764600000000 implements MigrationInterface {
  name = 'MeteringTables1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE metering_case (
        case_id uuid PRIMARY KEY,
        case_number text,
        customer_id uuid,
        category text
          CHECK (category IN ('LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE')),
        policy_version text,
        scheme_id uuid,
        scheme_version int CHECK (scheme_version > 0),
        metering_method text,
        required_conditions text[],
        status text NOT NULL
          CHECK (status IN ('AWAITING_SCHEME', 'OPEN', 'METER_ASSIGNED', 'METER_INSTALLED', 'ENERGIZED', 'ARCHIVED')),
        scheme_confirmed_at timestamptz,
        gate_opened_at timestamptz,
        energized_at timestamptz,
        energized_by text,
        archived_at timestamptz,
        archived_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT metering_case_number UNIQUE (case_number),
        -- Opened by the scheme confirmation, which fills in everything at once.
        CONSTRAINT metering_case_opened CHECK (
          (status = 'AWAITING_SCHEME') = (category IS NULL)
          AND (category IS NULL OR (case_number IS NOT NULL AND customer_id IS NOT NULL AND policy_version IS NOT NULL
            AND scheme_id IS NOT NULL AND scheme_version IS NOT NULL AND metering_method IS NOT NULL
            AND required_conditions IS NOT NULL AND cardinality(required_conditions) > 0 AND scheme_confirmed_at IS NOT NULL))),
        CONSTRAINT metering_case_gate_needs_case CHECK (gate_opened_at IS NULL OR category IS NOT NULL),
        CONSTRAINT metering_case_energized_after_gate CHECK (
          (energized_at IS NULL) = (status NOT IN ('ENERGIZED', 'ARCHIVED'))
          AND (energized_at IS NULL OR (gate_opened_at IS NOT NULL AND energized_by IS NOT NULL))),
        CONSTRAINT metering_case_archived_after_energized CHECK (
          (archived_at IS NULL) = (status <> 'ARCHIVED') AND (archived_at IS NULL OR archived_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX metering_case_customer ON metering_case (customer_id)`);

    await q.query(`
      CREATE TABLE metering_fact (
        case_id uuid NOT NULL REFERENCES metering_case (case_id),
        condition text NOT NULL
          CHECK (condition IN ('CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED')),
        recorded_at timestamptz NOT NULL,
        source text NOT NULL,
        event_id text,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        PRIMARY KEY (case_id, condition)
      )`);

    await q.query(`
      CREATE TABLE meter (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES metering_case (case_id),
        meter_number text NOT NULL CHECK (meter_number <> ''),
        meter_type text NOT NULL,
        accuracy_class text NOT NULL,
        ct_ratio text,
        pt_ratio text,
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX meter_number_unique ON meter (meter_number)`);
    await q.query(`CREATE UNIQUE INDEX meter_case_unique ON meter (case_id)`);

    await q.query(`
      CREATE TABLE meter_installation (
        meter_id uuid PRIMARY KEY REFERENCES meter (id),
        case_id uuid NOT NULL UNIQUE REFERENCES metering_case (case_id),
        installed_at timestamptz NOT NULL,
        reading numeric NOT NULL CHECK (reading >= 0),
        seal_numbers text[] NOT NULL CHECK (cardinality(seal_numbers) > 0),
        technician_id text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE meter_installation');
    await q.query('DROP TABLE meter');
    await q.query('DROP TABLE metering_fact');
    await q.query('DROP TABLE metering_case');
  }
}
