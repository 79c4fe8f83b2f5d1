import { MigrationInterface, QueryRunner } from 'typeorm';

/** Planning's copy of a case, its site survey and the versions of its supply scheme. */
export class PlanningTables1764288000000 implements MigrationInterface {
  name = 'PlanningTables1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE planning_case (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        customer_id uuid NOT NULL,
        category text NOT NULL
          CHECK (category IN ('LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE')),
        policy_version text NOT NULL,
        business_type text NOT NULL,
        region_code text NOT NULL,
        capacity_kva numeric NOT NULL CHECK (capacity_kva > 0),
        voltage_level text NOT NULL,
        supply_sources int NOT NULL CHECK (supply_sources BETWEEN 1 AND 2),
        accepted_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('AWAITING_SURVEY', 'SURVEY_SCHEDULED', 'SURVEYED', 'SCHEME_DRAFTED',
          'SCHEME_APPROVED', 'SCHEME_REJECTED', 'SCHEME_REPLIED', 'SCHEME_CONFIRMED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT planning_case_number UNIQUE (case_number)
      )`);
    await q.query(`CREATE INDEX planning_case_customer ON planning_case (customer_id)`);

    await q.query(`
      CREATE TABLE survey (
        case_id uuid PRIMARY KEY REFERENCES planning_case (case_id),
        surveyor_id text NOT NULL,
        appointment_at timestamptz NOT NULL,
        scheduled_by text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        completed_at timestamptz,
        completed_by text,
        site_conditions text,
        supply_point_options text[] NOT NULL DEFAULT '{}',
        transformer_capacity_kva numeric CHECK (transformer_capacity_kva > 0)
      )`);

    await q.query(`
      CREATE TABLE supply_scheme (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES planning_case (case_id),
        version int NOT NULL CHECK (version > 0),
        voltage_level text NOT NULL,
        capacity_kva numeric NOT NULL CHECK (capacity_kva > 0),
        supply_sources int NOT NULL CHECK (supply_sources BETWEEN 1 AND 2),
        supply_points text[] NOT NULL CHECK (cardinality(supply_points) > 0),
        metering_method text NOT NULL,
        tariff_category text NOT NULL,
        property_boundary text NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFTED', 'APPROVED', 'REJECTED', 'REPLIED', 'CONFIRMED')),
        drafted_by text NOT NULL,
        drafted_at timestamptz NOT NULL,
        approved_by text,
        approved_at timestamptz,
        rejected_by text,
        rejected_at timestamptz,
        rejection_reason text,
        replied_by text,
        replied_at timestamptz,
        valid_until timestamptz,
        confirmed_by text,
        confirmed_at timestamptz,
        CONSTRAINT supply_scheme_rejection_has_reason CHECK (status <> 'REJECTED' OR rejection_reason IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX supply_scheme_case_version ON supply_scheme (case_id, version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE supply_scheme');
    await q.query('DROP TABLE survey');
    await q.query('DROP TABLE planning_case');
  }
}
