import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifications service's tables: what it knows of each case (owner, agent, region), the
 * work and clocks open on it (facts, in any order), the notifications (one per source and
 * recipient), who read them, the deliveries by email and SMS (one per source, recipient and
 * channel), and each person's preferences.
 */
export class NotificationsTables1770700000000 implements MigrationInterface {
  name = 'NotificationsTables1770700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_case (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        customer_id uuid NOT NULL,
        category text NOT NULL,
        policy_version text NOT NULL,
        region_code text,
        agent_id text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE case_item (
        case_id uuid NOT NULL,
        item text NOT NULL,
        opened_at timestamptz,
        closed_at timestamptz,
        due_at timestamptz,
        team text,
        stage text,
        PRIMARY KEY (case_id, item)
      )`);
    await q.query(`CREATE INDEX case_item_open ON case_item (opened_at) WHERE closed_at IS NULL OR closed_at < opened_at`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY,
        source_key text NOT NULL,
        source_id text NOT NULL,
        case_id uuid NOT NULL,
        case_number text NOT NULL,
        recipient_kind text NOT NULL CONSTRAINT notification_recipient_kind CHECK (recipient_kind IN ('CUSTOMER', 'AGENT', 'TEAM')),
        recipient_id text NOT NULL,
        template text NOT NULL,
        params jsonb NOT NULL,
        urgency text NOT NULL CONSTRAINT notification_urgency CHECK (urgency IN ('LOW', 'NORMAL', 'HIGH')),
        action text,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX notification_source_key ON notification (source_key)`);
    await q.query(`CREATE INDEX notification_recipient ON notification (recipient_kind, recipient_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notification_by_case ON notification (case_id)`);
    await q.query(`
      CREATE TABLE notification_read (
        notification_id uuid NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
        reader_id text NOT NULL,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (notification_id, reader_id)
      )`);
    await q.query(`
      CREATE TABLE delivery (
        key text PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
        channel text NOT NULL CONSTRAINT delivery_channel CHECK (channel IN ('EMAIL', 'SMS')),
        status text NOT NULL CONSTRAINT delivery_status CHECK (status IN ('PENDING', 'SENT', 'DEAD_LETTERED', 'DROPPED')),
        attempts int NOT NULL DEFAULT 0 CONSTRAINT delivery_attempts CHECK (attempts >= 0),
        not_before timestamptz NOT NULL,
        claimed_until timestamptz,
        last_error text,
        provider_id text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX delivery_due ON delivery (not_before) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX delivery_notification ON delivery (notification_id)`);
    await q.query(`
      CREATE TABLE notification_preference (
        principal_id text PRIMARY KEY,
        locale text NOT NULL DEFAULT 'zh-CN' CONSTRAINT notification_preference_locale CHECK (locale IN ('zh-CN', 'en')),
        channels text[] NOT NULL DEFAULT '{INBOX,EMAIL,SMS}',
        quiet_from smallint CONSTRAINT notification_preference_quiet_from CHECK (quiet_from BETWEEN 0 AND 1439),
        quiet_until smallint CONSTRAINT notification_preference_quiet_until CHECK (quiet_until BETWEEN 0 AND 1439),
        time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
        teams text[],
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_preference_quiet CHECK ((quiet_from IS NULL) = (quiet_until IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_preference, delivery, notification_read, notification, case_item, notification_case`);
  }
}
