// `npx tsx bench/cases.ts [--sizes 100000,1000000] [--requests 300] [--no-build]`
//
// Staff search through the gateway as the case table grows. It starts intake and the gateway
// as processes (the real build, the real supergraph) on a dedicated database,
// yekuo_bench_intake, seeds it to each size in turn with cases shaped like a city utility's
// (data shape below), and for each size sends every search scenario `--requests` times through
// the gateway with varying values, after a warm-up. It reports p50/p99 per scenario and over
// all requests, and EXPLAIN (ANALYZE, BUFFERS) of the query intake runs for each scenario,
// and writes bench/results/cases.md. The acceptance bound: p99 at the largest size within
// 1.5 x p99 at the smallest.
// (tsx emits no decorator metadata, so nothing NestJS is imported here.)
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureDevKeys, ensureSubgraphKeys, mintToken } from '@yekuo/testing/dev-keys';
import { startSystem } from '@yekuo/testing/system';
import { buildAll } from '../scripts/lib/build';
import { prepareServiceDatabase } from '@yekuo/platform/database-roles';
import { DEFAULT_DATABASE_ADMIN_URL, databaseUrlFor, dropDatabases, ensureInfrastructure } from '../scripts/lib/infrastructure';
import { machine, percentile, progress } from './lib/report';

const DATABASE = 'yekuo_bench_intake';
const SEED_CHUNK = 50_000;
/** One case every 63 s from 2025-01-01: a million cases span two years. */
const CASE_INTERVAL_S = 63;
const FIRST_CASE = '2025-01-01T00:00:00+08:00';
/** Cases before this index were submitted in 2025 (365 days / 63 s). */
const FIRST_2026_INDEX = Math.ceil((365 * 86_400) / CASE_INTERVAL_S);

// Sixteen districts of one city, a pool of 100 x 200 = 20,000 personal names.
const REGIONS = ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112'].concat([
  '310113',
  '310114',
  '310115',
  '310116',
  '310117',
  '310118',
  '310120',
  '310151',
]);
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞斌宇浩凯健俊帆帅旭宁龙林欣晨辰阳佳琪雪倩婷颖露瑶怡',
].flatMap((a, i, all) => [
  a,
  `${a}${all[(i * 7 + 3) % all.length]}`,
  `${a}${all[(i * 11 + 5) % all.length]}`,
  `${a}${all[(i * 13 + 1) % all.length]}`,
]);
const NAMES_IN_POOL = SURNAMES.length * 200;
const STAGES = ['APPLICATION', 'SURVEY', 'SUPPLY_SCHEME', 'DESIGN_REVIEW', 'CONSTRUCTION', 'COMPLETION_ACCEPTANCE'].concat([
  'CONTRACT_AND_FEES',
  'METER_INSTALLATION',
  'ENERGIZATION',
  'ARCHIVED',
  'WITHDRAWN',
]);

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    requests: { type: 'string', default: '300' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: join(__dirname, 'results', 'cases.md') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const requests = Number(values.requests);
if (
  sizes.some((s, i) => !Number.isInteger(s) || s < 1000 || (i > 0 && s <= sizes[i - 1])) ||
  !Number.isInteger(requests) ||
  requests < 10
) {
  throw new Error('--sizes takes increasing integers of at least 1000, --requests an integer of at least 10');
}

const adminUrl = process.env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;
const benchUrl = databaseUrlFor(adminUrl, DATABASE);
const hmacKey = randomBytes(32);
const root = resolve(__dirname, '..');

/** The name of customer `j` (customers are 0..cases/2). */
function nameOf(j: number): string {
  return SURNAMES[j % SURNAMES.length] + GIVEN[Math.floor(j / SURNAMES.length) % 200];
}

/** The identity number of customer `j`: 18 characters, unique per customer. */
function idNumberOf(j: number): string {
  return `31011519${String(j).padStart(10, '0')}`;
}

/**
 * Seeds cases [from, to) and their customers (one customer per two cases) with set-based SQL:
 * the blind indexes are HMAC-SHA256 over the same `purpose|normalized` input intake uses, with
 * the key intake runs with here.
 */
async function seed(db: Client, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += SEED_CHUNK) {
    const end = Math.min(to, start + SEED_CHUNK);
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO customer (id, name, kind, id_type, id_number_index, name_index, phone, created_at)
       SELECT md5('customer' || j)::uuid, n.name, 'PERSON', 'RESIDENT_ID',
              encode(hmac(convert_to('id-number|' || '31011519' || lpad(j::text, 10, '0'), 'UTF8'), $3::bytea, 'sha256'), 'hex'),
              encode(hmac(convert_to('name|' || n.name, 'UTF8'), $3::bytea, 'sha256'), 'hex'),
              '13' || lpad((j % 1000000000)::text, 9, '0'), $4::timestamptz + (2 * j * ${CASE_INTERVAL_S}) * interval '1 second'
       FROM generate_series(($1::int + 1) / 2, ($2::int - 1) / 2) AS j
       CROSS JOIN LATERAL (SELECT ($5::text[])[1 + j % $6] || ($7::text[])[1 + (j / $6) % 200] AS name) n
       ON CONFLICT DO NOTHING`,
      [start, end, hmacKey, FIRST_CASE, SURNAMES, SURNAMES.length, GIVEN.slice(0, 200)],
    );
    await db.query(
      `INSERT INTO connection_case (id, number, customer_id, category, business_type, status, policy_version, application,
                                    submission_round, submitted_at, accepted_at, updated_at, stage, region_code,
                                    customer_name_index, id_number_index)
       SELECT md5('case' || i)::uuid,
              CASE WHEN i < ${FIRST_2026_INDEX} THEN 'YK-2025-' || lpad((i + 1)::text, 6, '0')
                   ELSE 'YK-2026-' || lpad((i - ${FIRST_2026_INDEX} + 1)::text, 6, '0') END,
              md5('customer' || (i / 2))::uuid,
              c.category, (ARRAY['NEW_CONNECTION','NEW_CONNECTION','NEW_CONNECTION','CAPACITY_INCREASE','TEMPORARY_SUPPLY'])[1 + i % 5],
              CASE WHEN h % 100 < 90 THEN 'ACCEPTED' WHEN h % 100 < 94 THEN 'SUBMITTED' WHEN h % 100 < 97 THEN 'RETURNED' ELSE 'WITHDRAWN' END,
              '2020-01',
              jsonb_build_object('regionCode', r.region, 'siteAddress', '上海市' || r.region || '某路' || (i % 999) || '号',
                                 'capacityKva', c.kva, 'voltageLevel', c.voltage, 'contactPhone', '13' || lpad((i % 1000000000)::text, 9, '0'),
                                 'loads', jsonb_build_array(jsonb_build_object('name', '照明', 'kw', 5, 'quantity', 1))),
              1, s.at, s.at + interval '2 hours', s.at, ($3::text[])[1 + (h / 100) % ${STAGES.length}], r.region,
              encode(hmac(convert_to('name|' || ($4::text[])[1 + (i / 2) % $5] || ($6::text[])[1 + ((i / 2) / $5) % 200], 'UTF8'), $7::bytea, 'sha256'), 'hex'),
              encode(hmac(convert_to('id-number|' || '31011519' || lpad((i / 2)::text, 10, '0'), 'UTF8'), $7::bytea, 'sha256'), 'hex')
       FROM generate_series($1::int, $2::int - 1) AS i
       CROSS JOIN LATERAL (SELECT abs(hashtext('case' || i)) AS h) hh
       CROSS JOIN LATERAL (SELECT ($8::text[])[1 + (h / 7) % ${REGIONS.length}] AS region) r
       CROSS JOIN LATERAL (SELECT $9::timestamptz + (i * ${CASE_INTERVAL_S}) * interval '1 second' AS at) s
       CROSS JOIN LATERAL (SELECT CASE WHEN h % 20 < 12 THEN 'LV_RESIDENTIAL' WHEN h % 20 < 17 THEN 'LV_NON_RESIDENTIAL'
                                       WHEN h % 20 < 19 THEN 'HV_SINGLE_SOURCE' ELSE 'HV_DUAL_SOURCE' END AS category,
                                  CASE WHEN h % 20 < 17 THEN 8 + h % 90 ELSE 400 + h % 6000 END AS kva,
                                  CASE WHEN h % 20 < 17 THEN '0.4kV' ELSE '10kV' END AS voltage) c`,
      [start, end, STAGES, SURNAMES, SURNAMES.length, GIVEN.slice(0, 200), hmacKey, REGIONS, FIRST_CASE],
    );
    await db.query('COMMIT');
    progress(`seeded ${end.toLocaleString('en')} of ${to.toLocaleString('en')} cases`);
  }
  progress(`analyzing`);
  await db.query('VACUUM ANALYZE customer');
  await db.query('VACUUM ANALYZE connection_case');
  progress('', true);
}

interface Scenario {
  name: string;
  /** The filter for request `n` at table size `size`. */
  filter: (n: number, size: number) => Record<string, string>;
  /** Also fetch the second page through the first page's cursor. */
  secondPage?: boolean;
}

const at = (i: number) => new Date(Date.parse(FIRST_CASE) + i * CASE_INTERVAL_S * 1000).toISOString();
const numberOf = (i: number) =>
  i < FIRST_2026_INDEX ? `YK-2025-${String(i + 1).padStart(6, '0')}` : `YK-2026-${String(i - FIRST_2026_INDEX + 1).padStart(6, '0')}`;
const spread = (n: number, size: number) => (n * 7919 + 13) % size;

const SCENARIOS: Scenario[] = [
  { name: 'newest first, no filter', filter: () => ({}), secondPage: true },
  { name: 'by case number', filter: (n, size) => ({ number: numberOf(spread(n, size)) }) },
  { name: 'by ID number', filter: (n, size) => ({ idNumber: idNumberOf(Math.floor(spread(n, size) / 2)) }) },
  { name: 'by customer name', filter: (n, size) => ({ customerName: nameOf(Math.floor(spread(n, size) / 2) % NAMES_IN_POOL) }) },
  { name: 'by region', filter: (n) => ({ regionCode: REGIONS[n % REGIONS.length] }), secondPage: true },
  { name: 'by stage', filter: (n) => ({ stage: STAGES[n % STAGES.length] }), secondPage: true },
  {
    name: 'by category + region',
    filter: (n) => ({ category: n % 2 ? 'HV_DUAL_SOURCE' : 'LV_NON_RESIDENTIAL', regionCode: REGIONS[n % REGIONS.length] }),
  },
  {
    name: 'by region + one week',
    filter: (n, size) => {
      const from = spread(n, Math.max(1, size - 10_000));
      return {
        regionCode: REGIONS[n % REGIONS.length],
        submittedFrom: at(from),
        submittedBefore: at(from + Math.round((7 * 86_400) / CASE_INTERVAL_S)),
      };
    },
  },
];

const SEARCH = `query Search($filter: CaseFilter, $first: Int!, $after: String) {
  cases(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id number status category stage submittedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The statement intake's CaseService.list runs for a filter (kept in step with it by hand). */
function searchSql(filter: Record<string, string>): { sql: string; params: unknown[] } {
  const columns: Record<string, string> = {
    number: 'number',
    status: 'status',
    category: 'category',
    stage: 'stage',
    regionCode: 'region_code',
    customerName: 'customer_name_index',
    idNumber: 'id_number_index',
  };
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'submittedFrom' || key === 'submittedBefore') continue;
    params.push(key === 'customerName' || key === 'idNumber' ? blindIndex(key === 'idNumber' ? 'id-number' : 'name', value) : value);
    where.push(`${columns[key]} = $${params.length}`);
  }
  if (filter.submittedFrom) where.push(`submitted_at >= $${params.push(filter.submittedFrom)}`);
  if (filter.submittedBefore) where.push(`submitted_at < $${params.push(filter.submittedBefore)}`);
  params.push(21);
  return {
    sql: `SELECT id, submitted_at::text AS at FROM connection_case ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY submitted_at DESC, id DESC LIMIT $${params.length}`,
    params,
  };
}

function blindIndex(purpose: string, value: string): string {
  return createHmac('sha256', hmacKey).update(`${purpose}|${value}`, 'utf8').digest('hex');
}

interface SizeResult {
  size: number;
  seedMs: number;
  latencies: Map<string, number[]>;
  explains: Map<string, string>;
  rowsFound: Map<string, number>;
}

async function search(gatewayUrl: string, token: string, filter: Record<string, string>, after?: string) {
  const started = performance.now();
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: SEARCH, variables: { filter, first: 20, after } }),
  });
  const body = (await response.json()) as {
    data?: { cases: { edges: unknown[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
    errors?: unknown[];
  };
  const ms = performance.now() - started;
  if (!body.data || body.errors) throw new Error(`search ${JSON.stringify(filter)} failed: ${JSON.stringify(body.errors)}`);
  return { ms, connection: body.data.cases };
}

async function measure(gatewayUrl: string, token: string, db: Client, size: number): Promise<Omit<SizeResult, 'size' | 'seedMs'>> {
  const latencies = new Map<string, number[]>();
  const explains = new Map<string, string>();
  const rowsFound = new Map<string, number>();
  for (const scenario of SCENARIOS) {
    for (let n = 0; n < 20; n++) await search(gatewayUrl, token, scenario.filter(n + requests, size)); // warm-up
    const times: number[] = [];
    let found = 0;
    for (let n = 0; n < requests; n++) {
      const filter = scenario.filter(n, size);
      const first = await search(gatewayUrl, token, filter);
      times.push(first.ms);
      found += first.connection.edges.length;
      if (scenario.secondPage && first.connection.pageInfo.endCursor) {
        times.push((await search(gatewayUrl, token, filter, first.connection.pageInfo.endCursor)).ms);
      }
    }
    if (found === 0) throw new Error(`scenario "${scenario.name}" found nothing: the seeded data and the filters disagree`);
    latencies.set(scenario.name, times);
    rowsFound.set(scenario.name, found / requests);
    const { sql, params } = searchSql(scenario.filter(1, size));
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    explains.set(scenario.name, plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    progress(
      `${size.toLocaleString('en')} cases: ${scenario.name}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`,
      true,
    );
  }
  return { latencies, explains, rowsFound };
}

function report(results: SizeResult[], pgVersion: string, loadAtStart: number): string {
  const all = (r: SizeResult) => [...r.latencies.values()].flat();
  const first = results[0];
  const last = results[results.length - 1];
  const ratio = percentile(all(last), 99) / percentile(all(first), 99);
  const lines = [
    '# Staff search through the gateway: 100,000 and 1,000,000 cases',
    '',
    `Command: \`npx tsx bench/cases.ts --sizes ${sizes.join(',')} --requests ${requests}\``,
    '',
    `Machine: ${machine()}; ${pgVersion}. Run ${new Date().toISOString().slice(0, 16)}Z; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end. Intake and the gateway run as built processes;`,
    'the client sends one request at a time (`cases(filter, first: 20)`), so the latency is one search end to end: gateway, query plan, intake, PostgreSQL.',
    '',
    '## Data shape',
    '',
    `- One case every ${CASE_INTERVAL_S} s from 2025-01-01 (1,000,000 cases span two years); one customer per two cases.`,
    `- Categories: LV residential 60 %, LV non-residential 25 %, HV single source 10 %, HV dual source 5 %; ${REGIONS.length} regions, uniform.`,
    `- Status: accepted 90 %, submitted 4 %, returned 3 %, withdrawn 3 %; stage uniform over the ${STAGES.length} stages.`,
    `- Customer names from a pool of ${NAMES_IN_POOL.toLocaleString('en')} (so a name matches ~${Math.round(last.size / 2 / NAMES_IN_POOL)} cases at ${last.size.toLocaleString('en')});`,
    '  identity numbers unique per customer; both searched through their HMAC-SHA256 blind index, as intake does.',
    `- Each scenario: ${requests} searches with varying values after 20 warm-up searches; "+ page 2" scenarios also fetch the next page through the cursor.`,
    '',
    '## Latency (ms)',
    '',
    `| scenario | ${results.map((r) => `${r.size.toLocaleString('en')}: p50 | p99 | rows/page`).join(' | ')} |`,
    `|---|${results.map(() => '---|---|---').join('|')}|`,
    ...SCENARIOS.map(
      (s) =>
        `| ${s.name}${s.secondPage ? ' (+ page 2)' : ''} | ${results
          .map((r) => {
            const t = r.latencies.get(s.name)!;
            return `${percentile(t, 50).toFixed(1)} | ${percentile(t, 99).toFixed(1)} | ${r.rowsFound.get(s.name)!.toFixed(1)}`;
          })
          .join(' | ')} |`,
    ),
    `| **all requests** | ${results.map((r) => `${percentile(all(r), 50).toFixed(1)} | ${percentile(all(r), 99).toFixed(1)} | `).join(' | ')} |`,
    '',
    `p99 at ${last.size.toLocaleString('en')} / p99 at ${first.size.toLocaleString('en')} = **${ratio.toFixed(2)}** (bound: 1.5) — ${ratio <= 1.5 ? 'within' : 'OUTSIDE'} the bound.`,
    '',
    `Seeding: ${results.map((r) => `${r.size.toLocaleString('en')} in ${(r.seedMs / 1000).toFixed(0)} s`).join(', ')}.`,
    '',
    '## Query plans (EXPLAIN ANALYZE, BUFFERS)',
    '',
    'The statement intake runs for the first page of each scenario.',
  ];
  for (const scenario of SCENARIOS) {
    lines.push('', `### ${scenario.name}`);
    for (const r of results) lines.push('', `${r.size.toLocaleString('en')} cases:`, '', '```', r.explains.get(scenario.name)!, '```');
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  await ensureInfrastructure({ databaseAdminUrl: adminUrl });
  await dropDatabases(adminUrl, [DATABASE]);
  // Intake's roles and the bench database owned by its owner role (decision 0015); the bench seeds it as the superuser.
  const database = await prepareServiceDatabase(adminUrl, 'intake', DATABASE);
  const keys = await ensureDevKeys();
  await ensureSubgraphKeys(); // the gateway signs its requests to intake with it
  if (!values['no-build']) await buildAll(root);
  const token = await mintToken({ sub: 'bench-supervisor', roles: ['supervisor'], name: 'Bench' }, { privateKeyPem: keys.privateKeyPem });

  const system = await startSystem({
    services: ['intake'],
    quiet: true,
    rootDir: root,
    databaseUrl: () => database.url,
    databaseOwnerUrl: () => database.ownerUrl,
    env: {
      AMQP_EXCHANGE: 'yekuo.bench',
      AMQP_QUEUE_PREFIX: 'bench.',
      PII_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      PII_ACTIVE_KEY_ID: 'bench',
      PII_HMAC_KEY: hmacKey.toString('base64'),
      TIME_LIMIT_SWEEP_MS: '0',
      LOG_LEVEL: 'warn',
      // One supervisor searching back to back, faster than the default per-principal limit allows.
      RATE_LIMIT_PROFILE: 'bulk',
    },
  });
  const db = new Client({ connectionString: benchUrl });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    const pgVersion = (await db.query<{ v: string }>(`SELECT 'PostgreSQL ' || current_setting('server_version') AS v`)).rows[0].v;
    const results: SizeResult[] = [];
    let seeded = 0;
    for (const size of sizes) {
      const started = Date.now();
      await seed(db, seeded, size);
      seeded = size;
      const seedMs = Date.now() - started;
      results.push({ size, seedMs, ...(await measure(system.gatewayUrl, token, db, size)) });
    }
    const text = report(results, pgVersion, loadAtStart);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(values.out, text);
    console.log(`\n${text.split('## Query plans')[0]}wrote ${values.out}`);
  } finally {
    await db.end();
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
