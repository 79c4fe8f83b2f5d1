/**
 * The clock tables' SQL, free of TypeORM and NestJS: the migration, the clock service, the
 * sweeper and the benchmark run exactly these statements.
 */
import type { WorkingCalendar } from './working-calendar';
import { calendarFor, ClockRecord, dueMilestones, Milestone, nextDueAt } from './clock-schedule';

/** Anything that runs a parameterised query and returns its rows (a TypeORM manager, an adapted pg client). */
export interface SqlExecutor {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** The schema of the clock tables (migration TimeLimitClocks1765200000000). */
export const CLOCK_TABLES_DDL: readonly string[] = [
  `CREATE TABLE stage_clock (
    id uuid PRIMARY KEY,
    case_id uuid NOT NULL,
    case_number text NOT NULL,
    customer_id uuid NOT NULL,
    category text NOT NULL,
    policy_version text NOT NULL,
    stage text NOT NULL,
    round int NOT NULL DEFAULT 1 CHECK (round >= 1),
    team text,
    limit_days int NOT NULL CHECK (limit_days > 0),
    target_days int NOT NULL CHECK (target_days > 0 AND target_days <= limit_days),
    started_at timestamptz NOT NULL,
    deadline timestamptz NOT NULL,
    target_deadline timestamptz NOT NULL,
    provisional boolean NOT NULL,
    state text NOT NULL CHECK (state IN ('RUNNING', 'PAUSED', 'STOPPED', 'CANCELLED')),
    paused_since timestamptz,
    paused_ms bigint NOT NULL DEFAULT 0 CHECK (paused_ms >= 0),
    stopped_at timestamptz,
    utility_ms bigint,
    customer_ms bigint,
    target_warned_at timestamptz,
    target_breached_at timestamptz,
    limit_warned_at timestamptz,
    limit_breached_at timestamptz,
    next_due_at timestamptz,
    started_by_id text NOT NULL,
    started_by_role text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT stage_clock_case_stage_round UNIQUE (case_id, stage, round),
    CONSTRAINT stage_clock_paused_since CHECK ((state = 'PAUSED') = (paused_since IS NOT NULL)),
    CONSTRAINT stage_clock_due_only_running CHECK (next_due_at IS NULL OR state = 'RUNNING')
  )`,
  // The sweeper's only access path: small however many clocks have ended.
  `CREATE INDEX stage_clock_due ON stage_clock (next_due_at) WHERE next_due_at IS NOT NULL`,
  // Open clocks whose deadlines wait for calendar data, recomputed when it arrives.
  `CREATE INDEX stage_clock_provisional_open ON stage_clock (case_id) WHERE provisional AND state IN ('RUNNING', 'PAUSED')`,
  `CREATE TABLE stage_clock_pause (
    id uuid PRIMARY KEY,
    clock_id uuid NOT NULL REFERENCES stage_clock (id),
    paused_from timestamptz NOT NULL,
    paused_to timestamptz,
    by_id text NOT NULL,
    by_role text NOT NULL,
    reason text NOT NULL,
    resumed_by_id text,
    resumed_by_role text,
    paused_ms bigint,
    CHECK (paused_to IS NULL OR paused_to >= paused_from)
  )`,
  `CREATE INDEX stage_clock_pause_clock ON stage_clock_pause (clock_id, paused_from)`,
  `CREATE UNIQUE INDEX stage_clock_pause_one_open ON stage_clock_pause (clock_id) WHERE paused_to IS NULL`,
];

export const CLOCK_COLUMNS = `id, case_id, case_number, customer_id, category, policy_version, stage, round, team,
  limit_days, target_days, started_at, deadline, target_deadline, provisional, state, paused_since, paused_ms,
  stopped_at, utility_ms, customer_ms, target_warned_at, target_breached_at, limit_warned_at, limit_breached_at, next_due_at, day_unit`;

export interface ClockRow {
  id: string;
  case_id: string;
  case_number: string;
  customer_id: string;
  category: string;
  policy_version: string;
  stage: string;
  round: number;
  team: string | null;
  limit_days: number | null;
  target_days: number | null;
  started_at: Date;
  deadline: Date | null;
  target_deadline: Date | null;
  provisional: boolean;
  state: string;
  paused_since: Date | null;
  paused_ms: string | number;
  stopped_at: Date | null;
  utility_ms: string | number | null;
  customer_ms: string | number | null;
  target_warned_at: Date | null;
  target_breached_at: Date | null;
  limit_warned_at: Date | null;
  limit_breached_at: Date | null;
  next_due_at: Date | null;
  /** Added by migration ClockUnitsAndOpenLimits1769900000000. */
  day_unit: string;
}

const numberOrNull = (value: string | number | null): number | null => (value === null ? null : Number(value));

export function toClockRecord(row: ClockRow): ClockRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    customerId: row.customer_id,
    category: row.category as ClockRecord['category'],
    policyVersion: row.policy_version,
    stage: row.stage as ClockRecord['stage'],
    round: row.round,
    team: row.team,
    limitDays: row.limit_days,
    targetDays: row.target_days,
    dayUnit: row.day_unit === 'CALENDAR_DAYS' ? 'CALENDAR_DAYS' : 'WORKING_DAYS',
    startedAt: row.started_at,
    deadline: row.deadline,
    targetDeadline: row.target_deadline,
    provisional: row.provisional,
    state: row.state as ClockRecord['state'],
    pausedSince: row.paused_since,
    pausedMs: Number(row.paused_ms),
    stoppedAt: row.stopped_at,
    utilityMs: numberOrNull(row.utility_ms),
    customerMs: numberOrNull(row.customer_ms),
    targetWarnedAt: row.target_warned_at,
    targetBreachedAt: row.target_breached_at,
    limitWarnedAt: row.limit_warned_at,
    limitBreachedAt: row.limit_breached_at,
    nextDueAt: row.next_due_at,
  };
}

/**
 * Claims a batch of clocks with a milestone due: rows another transaction holds are skipped,
 * so instances sweeping one database share the work and never announce a milestone twice.
 */
export const CLAIM_DUE_CLOCKS_SQL = `SELECT ${CLOCK_COLUMNS} FROM stage_clock
  WHERE next_due_at <= $1 ORDER BY next_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

/** Records announced milestones (never overwriting one) and the next due instant of a batch of clocks, in one statement. */
export const MARK_MILESTONES_SQL = `UPDATE stage_clock AS c SET
  target_warned_at = COALESCE(c.target_warned_at, u.target_warned_at),
  target_breached_at = COALESCE(c.target_breached_at, u.target_breached_at),
  limit_warned_at = COALESCE(c.limit_warned_at, u.limit_warned_at),
  limit_breached_at = COALESCE(c.limit_breached_at, u.limit_breached_at),
  next_due_at = u.next_due_at,
  updated_at = now()
  FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])
    AS u(id, target_warned_at, target_breached_at, limit_warned_at, limit_breached_at, next_due_at)
  WHERE c.id = u.id`;

export interface SweepOptions {
  now: Date;
  batchSize: number;
  calendar: WorkingCalendar;
  warnShare: number;
}

export interface SweepHandlers {
  /**
   * Called before a claimed clock is handled; false leaves it due for a later pass (the
   * service uses it to avoid waiting on a case whose audit chain another transaction holds).
   */
  claim?(clock: ClockRecord): Promise<boolean>;
  /** Announces one reached milestone, inside the batch's transaction. */
  reached(clock: ClockRecord, milestone: Milestone, at: Date): Promise<void>;
}

/**
 * One sweep batch, to be run inside a transaction: claims due clocks, announces each reached
 * milestone in order, records them and the next due instant. Returns how many clocks it claimed
 * and how many it handled.
 */
export async function sweepDueBatch(
  db: SqlExecutor,
  options: SweepOptions,
  handlers: SweepHandlers,
): Promise<{ claimed: number; handled: number; announced: number }> {
  const rows = await db.query<ClockRow[]>(CLAIM_DUE_CLOCKS_SQL, [options.now, options.batchSize]);
  const handled: ClockRecord[] = [];
  let announced = 0;
  for (const row of rows) {
    const clock = toClockRecord(row);
    if (handlers.claim && !(await handlers.claim(clock))) continue;
    const calendar = calendarFor(options.calendar, clock);
    for (const { milestone, at } of dueMilestones(calendar, clock, options.warnShare, options.now)) {
      await handlers.reached(clock, milestone, at);
      clock[milestone.field] = at;
      announced++;
    }
    clock.nextDueAt = nextDueAt(calendar, clock, options.warnShare);
    handled.push(clock);
  }
  await markMilestones(db, handled);
  return { claimed: rows.length, handled: handled.length, announced };
}

export async function markMilestones(db: SqlExecutor, clocks: ClockRecord[]): Promise<void> {
  if (clocks.length === 0) return;
  await db.query(MARK_MILESTONES_SQL, [
    clocks.map((c) => c.id),
    clocks.map((c) => c.targetWarnedAt),
    clocks.map((c) => c.targetBreachedAt),
    clocks.map((c) => c.limitWarnedAt),
    clocks.map((c) => c.limitBreachedAt),
    clocks.map((c) => c.nextDueAt),
  ]);
}
