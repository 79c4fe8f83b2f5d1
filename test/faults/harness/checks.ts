import { Client } from 'pg';
import { connectToAny } from '@yekuo/platform';
import type { TestRun } from '@yekuo/testing';
import type { RetryingClient } from './client';
import { sleep } from './processes';
import type { EventRecorder } from './subscriber';

/** One check of the outcome, for the summary table. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the checks look at: the run (its databases, exchange, queues), the recorder, the cases. */
export interface CheckContext {
  run: TestRun;
  services: readonly string[];
  client: RetryingClient;
  recorder: EventRecorder;
  /** The ids of the cases driven to archive, and how many were started. */
  caseIds: readonly string[];
  started: number;
  /** Every event one case raises on its path (time-limit events aside), with how often. */
  expectedEvents: Readonly<Record<string, number>>;
  /** Tokens that read every case and its audit trails. */
  supervisor: string;
  auditor: string;
}

const GATE_OPENED = 'metering.gate.opened.v1';
const sample = (problems: string[]) => (problems.length === 0 ? '' : `; e.g. ${problems.slice(0, 3).join('; ')}`);

async function withDatabase<T>(run: TestRun, service: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: run.databaseUrl(service) });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Unpublished outbox rows, by service. */
async function outboxBacklog(ctx: CheckContext): Promise<Map<string, number>> {
  const backlog = new Map<string, number>();
  for (const service of ctx.services) {
    const { rows } = await withDatabase(ctx.run, service, (db) =>
      db.query<{ n: string }>('SELECT count(*) AS n FROM outbox_message WHERE published_at IS NULL'),
    );
    backlog.set(service, Number(rows[0].n));
  }
  return backlog;
}

/** Problems with one case's events as the recorder saw them: a fact missing, or announced under more than one id. */
function eventProblems(ctx: CheckContext, caseId: string): string[] {
  const ids = ctx.recorder.idsOf(caseId);
  const problems: string[] = [];
  for (const type of new Set([...Object.keys(ctx.expectedEvents), ...ids.keys()])) {
    if (type.includes('.timelimit.')) continue;
    const seen = ids.get(type)?.size ?? 0;
    const expected = ctx.expectedEvents[type] ?? 0;
    if (seen !== expected) problems.push(`${caseId} ${type}: ${seen} ids (expected ${expected})`);
  }
  return problems;
}

/** How `settle` ended: after how long, and what was still outstanding when it gave up (nothing when everything arrived). */
export interface Settled {
  seconds: number;
  outstanding?: string;
}

/**
 * Waits until every outbox is drained, the recorder holds every case's events and every consumer
 * has applied each of them (a consumer still working through redeliveries after a broker fault is
 * late, not wrong), or `timeoutMs` passes; what is still missing then is for the checks to report.
 */
export async function settle(ctx: CheckContext, timeoutMs = 90_000): Promise<Settled> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const backlog = [...(await outboxBacklog(ctx)).values()].reduce((a, b) => a + b, 0);
    const eventsMissing = ctx.caseIds.filter((id) => eventProblems(ctx, id).length > 0).length;
    const notApplied = backlog === 0 && eventsMissing === 0 ? (await inboxes(ctx)).notApplied : 0;
    if (backlog === 0 && eventsMissing === 0 && notApplied === 0) return { seconds: (Date.now() - started) / 1000 };
    const outstanding =
      notApplied > 0
        ? `${notApplied} events not yet applied by their consumers`
        : `${backlog} outbox rows unpublished, ${eventsMissing} cases short of events at the subscriber`;
    if (Date.now() >= deadline) return { seconds: (Date.now() - started) / 1000, outstanding };
    await sleep(1000);
  }
}

async function archivedCheck(ctx: CheckContext): Promise<Check> {
  const notArchived: string[] = [];
  for (const id of ctx.caseIds) {
    const { case: read } = await ctx.client.send<{ case: { metering: { archivedAt: string | null } | null } }>(
      'query($id: ID!) { case(id: $id) { metering { archivedAt } } }',
      { id },
      ctx.supervisor,
    );
    if (!read.metering?.archivedAt) notArchived.push(id);
  }
  const archived = ctx.caseIds.length - notArchived.length;
  return {
    name: 'cases archived',
    ok: archived === ctx.started,
    detail: `${archived} of ${ctx.started}${sample(notArchived.map((id) => `${id} not archived`))}`,
  };
}

function eventChecks(ctx: CheckContext): Check[] {
  const problems = ctx.caseIds.flatMap((id) => eventProblems(ctx, id));
  const gates = ctx.caseIds.map((id) => ctx.recorder.idsOf(id).get(GATE_OPENED)?.size ?? 0);
  const facts = ctx.caseIds.length * Object.values(ctx.expectedEvents).reduce((a, b) => a + b, 0);
  return [
    {
      name: 'one event id per case and fact, none missing (independent subscriber)',
      ok: problems.length === 0,
      detail: `${facts} facts expected, ${problems.length} wrong; ${ctx.recorder.events.size} ids, ${ctx.recorder.redeliveries} redeliveries, ${ctx.recorder.reconnects} reconnects${sample(problems)}`,
    },
    {
      name: 'gate opened once per case',
      ok: gates.every((n) => n === 1),
      detail: `${gates.filter((n) => n === 1).length} of ${ctx.caseIds.length} once; ${gates.filter((n) => n > 1).length} more than once, ${gates.filter((n) => n === 0).length} never`,
    },
  ];
}

/**
 * Each consumer's inbox against what the independent subscriber saw: one row per event id, every
 * id of the types it consumes (none missing) and none the subscriber did not see.
 */
async function inboxes(ctx: CheckContext): Promise<{ consumers: number; rows: number; notApplied: number; problems: string[] }> {
  const problems: string[] = [];
  let consumers = 0;
  let rows = 0;
  let notApplied = 0;
  for (const service of ctx.services) {
    const inbox = await withDatabase(ctx.run, service, (db) =>
      db.query<{ consumer: string; event_id: string; type: string }>('SELECT consumer, event_id, type FROM inbox_message'),
    );
    const byConsumer = new Map<string, { ids: string[]; types: Set<string> }>();
    for (const row of inbox.rows) {
      if (!byConsumer.has(row.consumer)) byConsumer.set(row.consumer, { ids: [], types: new Set() });
      byConsumer.get(row.consumer)!.ids.push(row.event_id);
      byConsumer.get(row.consumer)!.types.add(row.type);
    }
    for (const [consumer, { ids, types }] of byConsumer) {
      consumers++;
      rows += ids.length;
      const applied = new Set(ids);
      if (applied.size !== ids.length) problems.push(`${service}/${consumer}: ${ids.length} rows for ${applied.size} ids`);
      const published = [...ctx.recorder.events.values()].filter((e) => types.has(e.type));
      const missing = published.filter((e) => !applied.has(e.id));
      const unseen = [...applied].filter((id) => !ctx.recorder.events.has(id));
      notApplied += missing.length;
      if (missing.length > 0)
        problems.push(`${service}/${consumer}: ${missing.length} events not applied (${missing[0].type} ${missing[0].id})`);
      if (unseen.length > 0) problems.push(`${service}/${consumer}: ${unseen.length} applied ids the subscriber never saw`);
    }
  }
  return { consumers, rows, notApplied, problems };
}

/** Each consumer applied each event once: its inbox has one row per event id, and holds every id the independent subscriber saw. */
async function inboxCheck(ctx: CheckContext): Promise<Check> {
  const { consumers, rows, problems } = await inboxes(ctx);
  return {
    name: 'each consumer applied each event id once (inbox rows = distinct ids = published)',
    ok: problems.length === 0,
    detail: `${consumers} consumers, ${rows} inbox rows${sample(problems)}`,
  };
}

/** Every service's audit chain of every case verifies (read as an auditor) and is linear: one record per sequence number and per predecessor. */
async function auditCheck(ctx: CheckContext): Promise<Check> {
  const problems: string[] = [];
  // Notifications owns no stage and changes no case: it keeps no audit chain (decision 0022).
  const chained = ctx.services.filter((s) => s !== 'notifications');
  const fields = chained.map((s) => `${s}Audit { valid length }`).join(' ');
  for (const id of ctx.caseIds) {
    const { case: read } = await ctx.client.send<{ case: Record<string, { valid: boolean; length: number } | null> }>(
      `query($id: ID!) { case(id: $id) { ${fields} } }`,
      { id },
      ctx.auditor,
    );
    for (const s of chained) {
      const audit = read[`${s}Audit`];
      if (!audit?.valid || audit.length === 0) problems.push(`${id} ${s}: ${audit ? `invalid (${audit.length} records)` : 'missing'}`);
    }
  }
  for (const service of chained) {
    const { rows } = await withDatabase(ctx.run, service, (db) =>
      db.query<{ case_id: string }>(
        `SELECT case_id FROM audit_record GROUP BY case_id
         HAVING count(*) <> count(DISTINCT seq) OR count(*) <> count(DISTINCT prev_hash) OR max(seq) - min(seq) + 1 <> count(*)`,
      ),
    );
    problems.push(...rows.map((r) => `${r.case_id} ${service}: not linear`));
  }
  return {
    name: 'audit chains valid and linear',
    ok: problems.length === 0,
    detail: `${ctx.caseIds.length * chained.length} chains${sample(problems)}`,
  };
}

async function outboxAndDeadLetterChecks(ctx: CheckContext): Promise<Check[]> {
  const backlog = [...(await outboxBacklog(ctx))].filter(([, n]) => n > 0);
  const connection = await connectToAny(ctx.run.amqpUrl);
  const dead: string[] = [];
  try {
    const channel = await connection.createChannel();
    for (const service of ctx.services) {
      const queue = ctx.run.queuesOf(service).find((q) => q.endsWith('.dlq'))!;
      const { messageCount } = await channel.checkQueue(queue);
      if (messageCount > 0) dead.push(`${queue}: ${messageCount}`);
    }
  } finally {
    await connection.close();
  }
  return [
    {
      name: 'outboxes empty',
      ok: backlog.length === 0,
      detail: backlog.length === 0 ? 'no unpublished rows' : backlog.map(([s, n]) => `${s}: ${n}`).join(', '),
    },
    {
      name: 'dead-letter queues empty',
      ok: dead.length === 0,
      detail: dead.length === 0 ? `${ctx.services.length} queues empty` : dead.join(', '),
    },
  ];
}

/** Every check of the fault suite, after `settle`. */
export async function checkOutcome(ctx: CheckContext): Promise<Check[]> {
  return [
    await archivedCheck(ctx),
    ...eventChecks(ctx),
    await inboxCheck(ctx),
    await auditCheck(ctx),
    ...(await outboxAndDeadLetterChecks(ctx)),
  ];
}
