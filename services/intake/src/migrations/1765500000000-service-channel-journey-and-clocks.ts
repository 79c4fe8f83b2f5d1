import { MigrationInterface, QueryRunner } from 'typeorm';

/** Service tickets, the case journey projection and the stage clocks supervisors watch. */
export class ServiceChannelJourneyAndClocks1765500000000 implements MigrationInterface {
  name = 'ServiceChannelJourneyAndClocks1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ticket (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        case_id uuid NOT NULL REFERENCES connection_case (id),
        case_number text NOT NULL,
        customer_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INQUIRY', 'COMPLAINT', 'URGE', 'CORRECTION_REQUEST')),
        subject text NOT NULL,
        message text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'RESPONDED', 'RESOLVED', 'CLOSED')),
        team text NOT NULL,
        routed_role text NOT NULL,
        opened_by text NOT NULL,
        opened_by_role text NOT NULL,
        opened_at timestamptz NOT NULL,
        respond_by timestamptz NOT NULL,
        response text,
        responded_at timestamptz,
        responded_by text,
        resolution text,
        resolved_at timestamptz,
        resolved_by text,
        escalated_at timestamptz,
        satisfaction int CHECK (satisfaction BETWEEN 1 AND 5),
        satisfaction_comment text,
        closed_at timestamptz
      )`);
    await q.query('CREATE INDEX ticket_case ON ticket (case_id, seq)');
    await q.query('CREATE INDEX ticket_customer ON ticket (customer_id, seq)');
    await q.query('CREATE INDEX ticket_team_status ON ticket (team, status, seq)');
    // The escalation sweep reads only open, unescalated tickets by due time.
    await q.query(`CREATE INDEX ticket_escalation_due ON ticket (respond_by) WHERE status = 'OPEN' AND escalated_at IS NULL`);

    await q.query(`
      CREATE TABLE journey_case (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        customer_id uuid NOT NULL,
        category text NOT NULL,
        policy_version text NOT NULL,
        current_stage text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE journey_event (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        type text NOT NULL,
        time timestamptz NOT NULL,
        actor jsonb NOT NULL,
        next_action jsonb,
        data jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX journey_event_case_time ON journey_event (case_id, time)');

    await q.query(`
      CREATE TABLE supervised_clock (
        clock_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        case_number text NOT NULL,
        customer_id uuid NOT NULL,
        category text NOT NULL,
        service text NOT NULL,
        stage text NOT NULL,
        round int,
        team text,
        limit_days int NOT NULL,
        target_days int NOT NULL,
        deadline timestamptz NOT NULL,
        target_deadline timestamptz NOT NULL,
        provisional boolean NOT NULL,
        terms_at timestamptz NOT NULL,
        started_at timestamptz,
        warned_at timestamptz,
        target_breached_at timestamptz,
        breached_at timestamptz,
        stopped_at timestamptz,
        on_time boolean,
        utility_seconds int,
        customer_seconds int
      )`);
    await q.query('CREATE INDEX supervised_clock_case ON supervised_clock (case_id)');
    await q.query('CREATE INDEX supervised_clock_running ON supervised_clock (deadline) WHERE stopped_at IS NULL');
    await q.query('CREATE INDEX supervised_clock_stopped ON supervised_clock (stopped_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE supervised_clock');
    await q.query('DROP TABLE journey_event');
    await q.query('DROP TABLE journey_case');
    await q.query('DROP TABLE ticket');
  }
}
