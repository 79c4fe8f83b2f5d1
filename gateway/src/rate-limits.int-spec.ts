import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { captureLog, ServiceHarness } from '@yekuo/testing';
import { application, residentId, startIntake } from '../../services/intake/src/testing/intake.fixtures';
import { loadGatewayConfig } from './config';
import { DEFAULT_RATE_LIMITS } from './rate-limits';
import { RunningGateway, startGateway } from './server';

jest.setTimeout(120_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SUBMIT = 'mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(gateway: RunningGateway, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

/** `count` requests one after the other. */
async function repeat<T>(count: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const answers: T[] = [];
  for (let i = 0; i < count; i++) answers.push(await send(i));
  return answers;
}

/** Each answer refused as the README says: 429, `Retry-After`, RATE_LIMITED with `retryAfterSeconds` (within the window). */
function expectRefused(answers: Answer[], windowSeconds: number): void {
  for (const answer of answers) {
    expect(answer.status).toBe(429);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    const { code, retryAfterSeconds } = answer.body.errors![0].extensions ?? {};
    expect(code).toBe('RATE_LIMITED');
    expect(retryAfterSeconds).toEqual(expect.any(Number));
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
    expect(answer.retryAfter).toBe(String(retryAfterSeconds));
  }
}

describe('rate limits at the gateway (a real intake on PostgreSQL and RabbitMQ, counters in Redis)', () => {
  let intake: ServiceHarness;
  let redis: Redis;
  /** Every key of this run starts with it, so runs never share a counter. */
  const prefix = `yekuo:test:${randomUUID()}`;
  const gateways: RunningGateway[] = [];
  const { anonymous, submitApplication } = DEFAULT_RATE_LIMITS;

  const start = async (env: Record<string, string>) => {
    const gateway = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        SUPERGRAPH_FILE: 'gateway/supergraph.graphql',
        SUBGRAPH_INTAKE_URL: intake.url,
        ...intake.run.gatewayEnv(),
        ...env,
      }),
    );
    gateways.push(gateway);
    return gateway;
  };
  const inRedis = (name: string) => start({ REDIS_URL, RATE_LIMIT_KEY_PREFIX: `${prefix}:${name}` });
  const customer = async () => {
    const sub = randomUUID();
    return { sub, token: await intake.token('customer', { sub }), identity: { idNumber: residentId(), name: '陈一' } };
  };

  beforeAll(async () => {
    intake = await startIntake();
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await intake?.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('refuses 300 requests with a bad token from one address after the anonymous limit, and still serves a valid token there', async () => {
    const gateway = await inRedis('bad-token');
    const answers = await repeat(300, () => post(gateway, '{ __typename }', {}, 'forged.token.value'));
    expect(answers.slice(0, anonymous.points).map((a) => a.status)).toEqual(Array(anonymous.points).fill(200));
    expectRefused(answers.slice(anonymous.points), anonymous.durationSeconds);
    // Without any token the same address is just as refused; with a valid one it is counted by its principal.
    expectRefused([await post(gateway, '{ __typename }')], anonymous.durationSeconds);
    const clerk = await intake.token('intake-clerk', { sub: 'clerk-1' });
    expect((await post(gateway, '{ __typename }', {}, clerk)).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses 300 submitApplication of one customer after its hourly limit, never reaching intake, while another customer submits', async () => {
    const gateway = await inRedis('submit');
    const flooding = await customer();
    const answers = await repeat(300, () => post(gateway, SUBMIT, { input: application({}, flooding.identity) }, flooding.token));
    const accepted = answers.slice(0, submitApplication.points);
    for (const answer of accepted) expect(answer.body.data?.submitApplication).toEqual({ id: expect.any(String) });
    expectRefused(answers.slice(submitApplication.points), submitApplication.durationSeconds);
    // Intake holds exactly the accepted applications of that customer.
    const mine = await post(gateway, 'query { myCases(first: 100) { edges { node { id } } } }', {}, flooding.token);
    expect((mine.body.data?.myCases as { edges: unknown[] }).edges).toHaveLength(submitApplication.points);

    const other = await customer();
    const passed = await post(gateway, SUBMIT, { input: application({}, other.identity) }, other.token);
    expect(passed.status).toBe(200);
    expect(passed.body.data?.submitApplication).toEqual({ id: expect.any(String) });
  });

  it("limits an agent's submissions by the customer it names and acts for", async () => {
    const gateway = await inRedis('agent');
    const represented = await customer();
    const agent = await intake.token('agent', { sub: `agent-${randomUUID()}`, actsFor: [represented.sub] });
    // The customer's own limit spent (its first application registers it), the agent cannot submit for it either.
    const own = await repeat(submitApplication.points + 1, () =>
      post(gateway, SUBMIT, { input: application({}, represented.identity) }, represented.token),
    );
    expectRefused(own.slice(submitApplication.points), submitApplication.durationSeconds);
    const forIt = await post(
      gateway,
      SUBMIT,
      { input: { ...application(), customerId: represented.sub, authorizationDocumentId: 'AUTH-1' } },
      agent,
    );
    expectRefused([forIt], submitApplication.durationSeconds);
  });

  it('limits uploads per customer, answering /documents with the same GraphQL-shaped refusal', async () => {
    const gateway = await inRedis('upload');
    const uploader = await customer();
    const documents = gateway.url.replace(/\/graphql$/, '/documents');
    // Each attempt counts, whatever intake answers it (here 400: no file).
    const upload = () => fetch(documents, { method: 'POST', headers: { authorization: `Bearer ${uploader.token}` }, body: new FormData() });
    const statuses = await repeat(DEFAULT_RATE_LIMITS.upload.points, async () => (await upload()).status);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    const refused = await upload();
    expectRefused(
      [{ status: refused.status, retryAfter: refused.headers.get('retry-after'), body: (await refused.json()) as Answer['body'] }],
      DEFAULT_RATE_LIMITS.upload.durationSeconds,
    );
  });

  it('shares the counters of two gateway instances through Redis', async () => {
    const [first, second] = [await inRedis('shared'), await inRedis('shared')];
    // Half the anonymous limit at each instance, taking turns: together they spend it all.
    const answers = await repeat(anonymous.points, (i) => post(i % 2 === 0 ? first : second, '{ __typename }'));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expectRefused([await post(first, '{ __typename }'), await post(second, '{ __typename }')], anonymous.durationSeconds);
    expect(await redis.keys(`${prefix}:shared:anonymous:*`)).toHaveLength(1);
  });

  it('counts in the memory of each process without REDIS_URL', async () => {
    const [first, second] = [await start({}), await start({})];
    const answers = await repeat(anonymous.points, () => post(first, '{ __typename }'));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expectRefused([await post(first, '{ __typename }')], anonymous.durationSeconds);
    // The other process has counters of its own.
    expect((await post(second, '{ __typename }')).status).toBe(200);
  });

  it('keeps answering when Redis cannot be reached, counting in memory, and says so once', async () => {
    const log = captureLog();
    try {
      const gateway = await start({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_KEY_PREFIX: `${prefix}:down` });
      const answers = await repeat(anonymous.points, () => post(gateway, '{ __typename }'));
      expect(answers.map((a) => a.status)).toEqual(Array(anonymous.points).fill(200));
      expectRefused([await post(gateway, '{ __typename }')], anonymous.durationSeconds);
      const lines = log
        .lines()
        .filter((line) => line.level === 'warn' && line.msg?.includes('Redis'))
        .map((line) => line.msg);
      expect(lines).toEqual([expect.stringMatching(/^Redis at 127\.0\.0\.1:1 cannot be reached \(ECONNREFUSED\)/)]);
    } finally {
      log.stop();
    }
  });
});
