import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inspection's copy of a case, the construction unit the customer chose, design
 * review rounds, intermediate inspections, completion acceptance rounds and their
 * countersignatures.
 */
export class InspectionTables1764500000000 implements MigrationInterface {
  name = 'InspectionTables1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inspection_case (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        customer_id uuid NOT NULL,
        category text NOT NULL
          CHECK (category IN ('LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE')),
        policy_version text NOT NULL,
        scheme_id uuid NOT NULL,
        scheme_version int NOT NULL CHECK (scheme_version > 0),
        capacity_kva numeric NOT NULL CHECK (capacity_kva > 0),
        voltage_level text NOT NULL,
        status text NOT NULL CHECK (status IN ('NOT_REQUIRED', 'AWAITING_DESIGN', 'DESIGN_SUBMITTED', 'DESIGN_RETURNED',
          'DESIGN_APPROVED', 'AWAITING_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'INTERMEDIATE_REQUESTED', 'INTERMEDIATE_PASSED',
          'ACCEPTANCE_REQUESTED', 'ACCEPTANCE_PASSED', 'ACCEPTANCE_FAILED')),
        chosen_unit_id uuid,
        chosen_unit_name text,
        chosen_from_recommendation boolean,
        construction_unit_id uuid,
        construction_unit_name text,
        construction_started_on date,
        construction_recorded_by text,
        construction_recorded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inspection_case_number UNIQUE (case_number),
        CONSTRAINT inspection_case_construction_has_unit CHECK (construction_started_on IS NULL OR construction_unit_name IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX inspection_case_customer ON inspection_case (customer_id)`);

    // A fact kept whether or not the case is open yet; the latest choice wins.
    await q.query(`
      CREATE TABLE construction_unit_choice (
        case_id uuid PRIMARY KEY,
        unit_id uuid,
        unit_name text NOT NULL,
        from_recommendation boolean NOT NULL,
        event_id uuid NOT NULL,
        chosen_at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE design_submission (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES inspection_case (case_id),
        round int NOT NULL CHECK (round > 0),
        design_unit text NOT NULL,
        documents text[] NOT NULL CHECK (cardinality(documents) > 0),
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL,
        decision text CHECK (decision IN ('APPROVED', 'RETURNED')),
        comments text[] NOT NULL DEFAULT '{}',
        reviewed_by text,
        reviewed_at timestamptz,
        CONSTRAINT design_submission_case_round UNIQUE (case_id, round),
        CONSTRAINT design_submission_return_has_comments CHECK (decision IS DISTINCT FROM 'RETURNED' OR cardinality(comments) > 0)
      )`);

    await q.query(`
      CREATE TABLE intermediate_inspection (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES inspection_case (case_id),
        round int NOT NULL CHECK (round > 0),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        result text CHECK (result IN ('PASSED', 'FAILED')),
        items text[] NOT NULL DEFAULT '{}',
        recorded_by text,
        recorded_at timestamptz,
        CONSTRAINT intermediate_inspection_case_round UNIQUE (case_id, round),
        CONSTRAINT intermediate_inspection_failure_has_items CHECK (result IS DISTINCT FROM 'FAILED' OR cardinality(items) > 0)
      )`);

    await q.query(`
      CREATE TABLE acceptance_round (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES inspection_case (case_id),
        round int NOT NULL CHECK (round > 0),
        documents text[] NOT NULL CHECK (cardinality(documents) > 0),
        required_departments text[] NOT NULL CHECK (cardinality(required_departments) > 0),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        result text CHECK (result IN ('PASSED', 'FAILED')),
        decided_at timestamptz,
        CONSTRAINT acceptance_round_case_round UNIQUE (case_id, round)
      )`);

    await q.query(`
      CREATE TABLE countersignature (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        round int NOT NULL,
        department text NOT NULL,
        result text NOT NULL CHECK (result IN ('PASS', 'FAIL')),
        items text[] NOT NULL DEFAULT '{}',
        signed_by text NOT NULL,
        signed_at timestamptz NOT NULL,
        CONSTRAINT countersignature_round FOREIGN KEY (case_id, round) REFERENCES acceptance_round (case_id, round),
        CONSTRAINT countersignature_once_per_department UNIQUE (case_id, round, department),
        CONSTRAINT countersignature_failure_has_items CHECK (result <> 'FAIL' OR cardinality(items) > 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE countersignature');
    await q.query('DROP TABLE acceptance_round');
    await q.query('DROP TABLE intermediate_inspection');
    await q.query('DROP TABLE design_submission');
    await q.query('DROP TABLE construction_unit_choice');
    await q.query('DROP TABLE inspection_case');
  }
}
