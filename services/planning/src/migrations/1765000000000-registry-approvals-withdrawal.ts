import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Survey appointments with their history and customer pauses, the construction-unit
 * registry with its change history, recommendations and the customer's choice,
 * multi-level scheme approvals, change requests, and cancellation on withdrawal
 * (a case copy may be opened by the withdrawal alone, without the application's terms).
 */
export class RegistryApprovalsWithdrawal1765000000000 implements MigrationInterface {
  name = 'RegistryApprovalsWithdrawal1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning_case DROP CONSTRAINT planning_case_status_check`);
    await q.query(`
      ALTER TABLE planning_case
        ADD CONSTRAINT planning_case_status_check CHECK (status IN ('AWAITING_SURVEY', 'SURVEY_SCHEDULED', 'SURVEYED',
          'SCHEME_DRAFTED', 'SCHEME_APPROVED', 'SCHEME_REJECTED', 'SCHEME_REPLIED', 'SCHEME_CHANGE_REQUESTED',
          'SCHEME_CONFIRMED', 'CANCELLED')),
        ALTER COLUMN business_type DROP NOT NULL,
        ALTER COLUMN region_code DROP NOT NULL,
        ALTER COLUMN capacity_kva DROP NOT NULL,
        ALTER COLUMN voltage_level DROP NOT NULL,
        ALTER COLUMN supply_sources DROP NOT NULL,
        ALTER COLUMN accepted_at DROP NOT NULL,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by text,
        ADD COLUMN cancellation_reason text,
        ADD COLUMN cancelled_work text[],
        ADD CONSTRAINT planning_case_terms_known CHECK (status = 'CANCELLED' OR (business_type IS NOT NULL
          AND region_code IS NOT NULL AND capacity_kva IS NOT NULL AND voltage_level IS NOT NULL
          AND supply_sources IS NOT NULL AND accepted_at IS NOT NULL)),
        ADD CONSTRAINT planning_case_cancellation_recorded CHECK (status <> 'CANCELLED' OR (cancelled_at IS NOT NULL
          AND cancellation_reason IS NOT NULL AND cancelled_work IS NOT NULL))`);

    await q.query(`ALTER TABLE survey ADD COLUMN photo_document_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE survey_appointment (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES planning_case (case_id),
        surveyor_id text NOT NULL,
        appointment_at timestamptz NOT NULL,
        scheduled_by text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        requested_by text CHECK (requested_by IN ('CUSTOMER', 'UTILITY')),
        reason text,
        status text NOT NULL CHECK (status IN ('OPEN', 'MOVED', 'DONE', 'CANCELLED')),
        closed_at timestamptz,
        CONSTRAINT survey_appointment_closed CHECK ((status = 'OPEN') = (closed_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX survey_appointment_one_open ON survey_appointment (case_id) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX survey_appointment_workload ON survey_appointment (surveyor_id) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX survey_appointment_case ON survey_appointment (case_id, scheduled_at)`);
    await q.query(`
      CREATE TABLE customer_pause (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES planning_case (case_id),
        stage text NOT NULL,
        kind text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        reason text NOT NULL,
        from_at timestamptz NOT NULL,
        to_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT customer_pause_interval CHECK (to_at >= from_at)
      )`);
    await q.query(`CREATE INDEX customer_pause_case ON customer_pause (case_id, from_at)`);

    await q.query(`
      CREATE TABLE construction_unit (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        licence_number text NOT NULL,
        qualification_class text NOT NULL,
        max_voltage_kv numeric NOT NULL CHECK (max_voltage_kv > 0),
        max_capacity_kva numeric CHECK (max_capacity_kva > 0),
        regions text[] NOT NULL CHECK (cardinality(regions) > 0),
        valid_until date NOT NULL,
        suspended boolean NOT NULL DEFAULT false,
        suspension_reason text,
        last_recommended_at timestamptz,
        times_recommended int NOT NULL DEFAULT 0,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT construction_unit_licence UNIQUE (licence_number),
        CONSTRAINT construction_unit_suspension_reason CHECK (NOT suspended OR suspension_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX construction_unit_regions ON construction_unit USING gin (regions)`);
    await q.query(`
      CREATE TABLE construction_unit_change (
        id uuid PRIMARY KEY,
        unit_id uuid NOT NULL REFERENCES construction_unit (id),
        kind text NOT NULL CHECK (kind IN ('REGISTERED', 'UPDATED', 'SUSPENDED', 'UNSUSPENDED')),
        changed_by text NOT NULL,
        changed_by_role text NOT NULL,
        changed_at timestamptz NOT NULL,
        changes jsonb NOT NULL,
        reason text
      )`);
    await q.query(`CREATE INDEX construction_unit_change_unit ON construction_unit_change (unit_id, changed_at)`);
    await q.query(`
      CREATE TABLE construction_unit_recommendation (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES planning_case (case_id),
        issued_at timestamptz NOT NULL,
        issued_by text NOT NULL,
        units jsonb NOT NULL,
        fewer_than_three boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'SUPERSEDED', 'CANCELLED')),
        closed_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX construction_unit_recommendation_active ON construction_unit_recommendation (case_id) WHERE status = 'ACTIVE'`,
    );
    await q.query(`
      CREATE TABLE chosen_construction_unit (
        case_id uuid PRIMARY KEY REFERENCES planning_case (case_id),
        unit_id uuid REFERENCES construction_unit (id),
        unit_name text NOT NULL,
        qualification_class text NOT NULL,
        licence_number text,
        from_recommendation boolean NOT NULL,
        recommendation_id uuid REFERENCES construction_unit_recommendation (id),
        chosen_by text NOT NULL,
        chosen_at timestamptz NOT NULL
      )`);

    await q.query(`ALTER TABLE supply_scheme DROP CONSTRAINT supply_scheme_status_check`);
    await q.query(`
      ALTER TABLE supply_scheme
        ADD CONSTRAINT supply_scheme_status_check CHECK (status IN ('DRAFTED', 'APPROVED', 'REJECTED', 'REPLIED',
          'CHANGE_REQUESTED', 'CONFIRMED', 'CANCELLED')),
        ADD COLUMN approval_chain text NOT NULL DEFAULT 'LV',
        ADD COLUMN required_levels int NOT NULL DEFAULT 1 CHECK (required_levels > 0),
        ADD COLUMN template_id text,
        ADD COLUMN change_request_reason text,
        ADD COLUMN change_requested_by text,
        ADD COLUMN change_requested_at timestamptz,
        ADD COLUMN cancelled_at timestamptz,
        ADD CONSTRAINT supply_scheme_change_request_has_reason
          CHECK (status <> 'CHANGE_REQUESTED' OR change_request_reason IS NOT NULL)`);
    await q.query(`
      CREATE TABLE scheme_approval (
        id uuid PRIMARY KEY,
        scheme_id uuid NOT NULL REFERENCES supply_scheme (id),
        level int NOT NULL CHECK (level > 0),
        role text NOT NULL,
        approver_id text,
        rule_id text,
        approved_at timestamptz NOT NULL,
        CONSTRAINT scheme_approval_by_person_or_rule CHECK ((approver_id IS NULL) <> (rule_id IS NULL)),
        CONSTRAINT scheme_approval_level UNIQUE (scheme_id, level),
        CONSTRAINT scheme_approval_distinct_approver UNIQUE (scheme_id, approver_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scheme_approval');
    // Refuses (by the restored constraints) to go back while cancelled or change-requested rows exist.
    await q.query(`
      ALTER TABLE supply_scheme
        DROP CONSTRAINT supply_scheme_change_request_has_reason,
        DROP CONSTRAINT supply_scheme_status_check,
        DROP COLUMN approval_chain, DROP COLUMN required_levels, DROP COLUMN template_id,
        DROP COLUMN change_request_reason, DROP COLUMN change_requested_by, DROP COLUMN change_requested_at,
        DROP COLUMN cancelled_at,
        ADD CONSTRAINT supply_scheme_status_check CHECK (status IN ('DRAFTED', 'APPROVED', 'REJECTED', 'REPLIED', 'CONFIRMED'))`);
    await q.query('DROP TABLE chosen_construction_unit');
    await q.query('DROP TABLE construction_unit_recommendation');
    await q.query('DROP TABLE construction_unit_change');
    await q.query('DROP TABLE construction_unit');
    await q.query('DROP TABLE customer_pause');
    await q.query('DROP TABLE survey_appointment');
    await q.query('ALTER TABLE survey DROP COLUMN photo_document_ids');
    await q.query(`
      ALTER TABLE planning_case
        DROP CONSTRAINT planning_case_cancellation_recorded,
        DROP CONSTRAINT planning_case_terms_known,
        DROP CONSTRAINT planning_case_status_check,
        DROP COLUMN cancelled_at, DROP COLUMN cancelled_by, DROP COLUMN cancellation_reason, DROP COLUMN cancelled_work,
        ALTER COLUMN business_type SET NOT NULL, ALTER COLUMN region_code SET NOT NULL,
        ALTER COLUMN capacity_kva SET NOT NULL, ALTER COLUMN voltage_level SET NOT NULL,
        ALTER COLUMN supply_sources SET NOT NULL, ALTER COLUMN accepted_at SET NOT NULL,
        ADD CONSTRAINT planning_case_status_check CHECK (status IN ('AWAITING_SURVEY', 'SURVEY_SCHEDULED', 'SURVEYED',
          'SCHEME_DRAFTED', 'SCHEME_APPROVED', 'SCHEME_REJECTED', 'SCHEME_REPLIED', 'SCHEME_CONFIRMED'))`);
  }
}
