// `npx tsx bench/clocks.ts [--sizes 10000,1000000] [--due 1000] [--runs 7] [--batch 100]`
//
// How the time-limit sweep scales with the number of open clocks. For each size it seeds that
// many open clocks into a dedicated database (yekuo_bench_clocks, schema from the real
// migrations) with the same number of them due, then runs the production sweep (the same SQL
// and milestone arithmetic as ClockService.sweep, one transaction per batch, each announcement
// written to the outbox as in production, without the audit chain and the broker), resetting
// the due clocks between runs. It prints and writes bench/results/clocks.md: sweep time
// (median of the runs), p99 per batch, and EXPLAIN (ANALYZE, BUFFERS) of the due query.
// (tsx emits no decorator metadata, so nothing NestJS or entity-like is imported here.)
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import {
  loadWorkingCalendar,
  TimeLimitClocks1765200000000,
  ClockRecord,
  DEFAULT_WARN_SHARE,
  deadlinesOf,
  Milestone,
  nextDueAt,
  CLAIM_DUE_CLOCKS_SQL,
  SqlExecutor,
  sweepDueBatch,
} from '@yekuo/timelimits';
import { MessagingAndAudit1764201600000 } from '@yekuo/platform';
import { createEvent, EventType } from '@yekuo/events';
import { percentile, progress } from './lib/report';

const DATABASE = 'yekuo_bench_clocks';
const SEED_CHUNK = 100_000;

interface SizeResult {
  size: number;
  due: number;
  runsMs: number[];
  batchMs: number[];
  announced: number;
  explain: string;
  seedMs: number;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,1000000' },
    due: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '7' },
    batch: { type: 'string', default: '100' },
    out: { type: 'string', default: join(__dirname, 'results', 'clocks.md') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const dueCount = Number(values.due);
const runs = Number(values.runs);
const batchSize = Number(values.batch);
if ([...sizes, dueCount, runs, batchSize].some((n) => !Number.isInteger(n) || n <= 0) || sizes.some((s) => s < dueCount)) {
  throw new Error('--sizes, --due, --runs and --batch take positive integers, and every size must be at least --due');
}

const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();

const calendar = loadWorkingCalendar();
const warnShare = DEFAULT_WARN_SHARE;
// Residential scheme clocks (3 / 3 working days) started 2026-09-30 15:20: both warnings fall
// due 2026-10-10 09:36; the sweep runs at noon that day. Every other clock starts later and is
// not due.
const dueStart = new Date('2026-09-30T15:20:00+08:00');
const laterStart = new Date('2026-10-26T10:00:00+08:00');
const sweepAt = new Date('2026-10-10T12:00:00+08:00');

function template(startedAt: Date, limitDays: number, targetDays: number): ClockRecord {
  const clock: ClockRecord = {
    id: '',
    caseId: '',
    caseNumber: '',
    customerId: '',
    category: 'LV_RESIDENTIAL',
    policyVersion: '2020-01',
    stage: 'SUPPLY_SCHEME',
    round: 1,
    team: null,
    limitDays,
    targetDays,
    dayUnit: 'WORKING_DAYS',
    startedAt,
    ...deadlinesOf(calendar, { startedAt, limitDays, targetDays }, 0),
    state: 'RUNNING',
    pausedSince: null,
    pausedMs: 0,
    stoppedAt: null,
    utilityMs: null,
    customerMs: null,
    targetWarnedAt: null,
    targetBreachedAt: null,
    limitWarnedAt: null,
    limitBreachedAt: null,
    nextDueAt: null,
  };
  clock.nextDueAt = nextDueAt(calendar, clock, warnShare);
  return clock;
}

const due = template(dueStart, 3, 3);
const notDue = template(laterStart, 20, 15);

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** A pg client as the sweep's executor (rows, like TypeORM's manager.query). */
const executor = (client: Client): SqlExecutor => ({
  query: async <T>(sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows as T,
});

async function recreateDatabase(): Promise<void> {
  const admin = await connect(adminUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const client = await connect(benchUrl);
  try {
    const runner = { query: (sql: string) => client.query(sql) };
    for (const migration of [new MessagingAndAudit1764201600000(), new TimeLimitClocks1765200000000()]) {
      await migration.up(runner as never);
    }
  } finally {
    await client.end();
  }
}

/** Seeds `size` open clocks, `dueCount` of them due, with INSERT ... SELECT generate_series. */
async function seed(client: Client, size: number): Promise<number> {
  const started = Date.now();
  await client.query('TRUNCATE stage_clock_pause, stage_clock, outbox_message');
  const insert = (from: number, to: number, clock: ClockRecord, team: string) =>
    client.query(
      `INSERT INTO stage_clock (id, case_id, case_number, customer_id, category, policy_version, stage, round, team,
         limit_days, target_days, started_at, deadline, target_deadline, provisional, state, next_due_at, started_by_id, started_by_role)
       SELECT gen_random_uuid(), gen_random_uuid(), 'YK-2026-' || lpad(i::text, 6, '0'), gen_random_uuid(), $3, '2020-01', 'SUPPLY_SCHEME', 1, $4,
         $5, $6, $7::timestamptz + make_interval(secs => i % 3600), $8::timestamptz + make_interval(secs => i % 3600),
         $9::timestamptz + make_interval(secs => i % 3600), false, 'RUNNING', $10::timestamptz + make_interval(secs => i % 3600), 'clerk-1', 'intake-clerk'
       FROM generate_series($1::int, $2::int) AS i`,
      [
        from,
        to,
        team === 'due' ? 'LV_RESIDENTIAL' : 'HV_SINGLE_SOURCE',
        team,
        clock.limitDays,
        clock.targetDays,
        clock.startedAt,
        clock.deadline,
        clock.targetDeadline,
        clock.nextDueAt,
      ],
    );
  // The due clocks start at exactly the same instant, so their milestones are those the sweep recomputes.
  await client.query(
    `INSERT INTO stage_clock (id, case_id, case_number, customer_id, category, policy_version, stage, round, team,
       limit_days, target_days, started_at, deadline, target_deadline, provisional, state, next_due_at, started_by_id, started_by_role)
     SELECT gen_random_uuid(), gen_random_uuid(), 'YK-2026-' || lpad(i::text, 6, '0'), gen_random_uuid(), 'LV_RESIDENTIAL', '2020-01', 'SUPPLY_SCHEME', 1, 'due',
       $2, $3, $4, $5, $6, false, 'RUNNING', $7, 'clerk-1', 'intake-clerk'
     FROM generate_series(1, $1::int) AS i`,
    [dueCount, due.limitDays, due.targetDays, due.startedAt, due.deadline, due.targetDeadline, due.nextDueAt],
  );
  for (let from = dueCount + 1; from <= size; from += SEED_CHUNK) {
    const to = Math.min(size, from + SEED_CHUNK - 1);
    await insert(from, to, notDue, 'later');
    progress(`seeding ${size.toLocaleString('en')} clocks: ${to.toLocaleString('en')} (${Math.round((to / size) * 100)} %)`);
  }
  progress(`seeding ${size.toLocaleString('en')} clocks: vacuum analyze`);
  await client.query('VACUUM ANALYZE stage_clock');
  process.stdout.write(
    `\rseeded ${size.toLocaleString('en')} clocks (${dueCount} due) in ${((Date.now() - started) / 1000).toFixed(1)} s`.padEnd(72) + '\n',
  );
  return Date.now() - started;
}

/** Puts the due clocks back as they were before a sweep and empties the outbox. */
async function reset(client: Client): Promise<void> {
  await client.query(
    `UPDATE stage_clock SET target_warned_at = NULL, limit_warned_at = NULL, target_breached_at = NULL, limit_breached_at = NULL, next_due_at = $1
     WHERE team = 'due'`,
    [due.nextDueAt],
  );
  await client.query('TRUNCATE outbox_message');
  await client.query('VACUUM ANALYZE stage_clock');
}

/** The production sweep loop: batch transactions until a batch comes back short. */
async function sweep(client: Client): Promise<{ ms: number; batchMs: number[]; announced: number }> {
  const db = executor(client);
  const batchMs: number[] = [];
  let announced = 0;
  const started = process.hrtime.bigint();
  for (;;) {
    const batchStarted = process.hrtime.bigint();
    await client.query('BEGIN');
    const result = await sweepDueBatch(
      db,
      { now: sweepAt, batchSize, calendar, warnShare },
      {
        reached: async (clock: ClockRecord, milestone: Milestone, at: Date) => {
          const type = `planning.timelimit.${milestone.kind}.v1` as EventType;
          const event = createEvent(
            type,
            {
              caseId: clock.caseId,
              caseNumber: clock.caseNumber,
              customerId: clock.customerId,
              category: clock.category,
              policyVersion: clock.policyVersion,
              actor: { id: 'time-limit-monitor', role: 'supervisor' },
              clockId: clock.id,
              stage: clock.stage,
              round: clock.round,
              limitDays: clock.limitDays,
              targetDays: clock.targetDays,
              // The bench starts its clocks with limits, so they have deadlines.
              deadline: clock.deadline!.toISOString(),
              targetDeadline: clock.targetDeadline!.toISOString(),
              provisional: clock.provisional,
              at: at.toISOString(),
              measure: milestone.measure,
            } as never,
            { source: '/yekuo/bench', id: randomUUID() },
          );
          await client.query('INSERT INTO outbox_message (id, type, event) VALUES ($1, $2, $3)', [event.id, event.type, event]);
        },
      },
    );
    await client.query('COMMIT');
    announced += result.announced;
    if (result.claimed > 0) batchMs.push(Number(process.hrtime.bigint() - batchStarted) / 1e6);
    if (result.claimed < batchSize || result.handled === 0) break;
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, batchMs, announced };
}

async function explain(client: Client): Promise<string> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_DUE_CLOCKS_SQL}`, [
      sweepAt,
      batchSize,
    ]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => x.toFixed(1);

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const command = `npx tsx bench/clocks.ts --sizes ${values.sizes} --due ${dueCount} --runs ${runs} --batch ${batchSize}`;
  await recreateDatabase();
  const client = await connect(benchUrl);
  const results: SizeResult[] = [];
  const pgVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  try {
    for (const size of sizes) {
      const seedMs = await seed(client, size);
      const runsMs: number[] = [];
      const batchMs: number[] = [];
      let announced = 0;
      let plan = '';
      for (let i = 0; i < runs; i++) {
        if (i === 0) plan = await explain(client);
        const result = await sweep(client);
        if (result.announced !== 2 * dueCount) throw new Error(`sweep announced ${result.announced}, expected ${2 * dueCount}`);
        runsMs.push(result.ms);
        batchMs.push(...result.batchMs);
        announced = result.announced;
        await reset(client);
        progress(`size ${size.toLocaleString('en')}: run ${i + 1}/${runs} ${ms(result.ms)} ms`);
      }
      progress('', true);
      results.push({ size, due: dueCount, runsMs, batchMs, announced, explain: plan, seedMs });
    }
  } finally {
    await client.end();
  }

  const base = results[0];
  const rows = results.map(
    (r) =>
      `| ${r.size.toLocaleString('en')} | ${r.due.toLocaleString('en')} | ${r.announced.toLocaleString('en')} | ${ms(median(r.runsMs))} | ${ms(Math.min(...r.runsMs))} – ${ms(Math.max(...r.runsMs))} | ${ms(percentile(r.batchMs, 99))} | ${(median(r.runsMs) / median(base.runsMs)).toFixed(2)}× | ${(r.seedMs / 1000).toFixed(1)} s |`,
  );
  const cpu = cpus();
  const report = [
    '# Time-limit sweep benchmark',
    '',
    `Command: \`${command}\``,
    '',
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, PostgreSQL ${pgVersion}, Node.js ${process.version}; run ${new Date().toISOString()}; 1-minute load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at the end (the machine is shared, so single runs vary: compare medians).`,
    '',
    `Each size seeds that many open clocks of which ${dueCount} are due (residential scheme clocks whose two warnings fell due),`,
    `then sweeps them as ClockService.sweep does: batches of ${batchSize} claimed with \`FOR UPDATE SKIP LOCKED\` in one transaction each,`,
    'every reached milestone written to the outbox as a validated CloudEvent, milestones and the next due instant recorded.',
    'Not included: the audit-chain append per announcement and the broker (the relay publishes later, out of the sweep).',
    `Sweep time is the median of ${runs} runs, the due clocks reset (and the table vacuumed) between runs.`,
    '',
    '| open clocks | due | announced | sweep (median, ms) | min – max (ms) | p99 per batch (ms) | vs. first size | seeding |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...results.flatMap((r) => [
      `## EXPLAIN (ANALYZE, BUFFERS) of the due query at ${r.size.toLocaleString('en')} open clocks`,
      '',
      '```sql',
      CLAIM_DUE_CLOCKS_SQL.replace(/\s+/g, ' ').trim(),
      '```',
      '',
      '```',
      r.explain,
      '```',
      '',
    ]),
  ].join('\n');
  const out = resolve(values.out);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, report);
  process.stdout.write(`\n${report}\nwritten to ${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
