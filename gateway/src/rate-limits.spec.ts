import { generateKeyPairSync } from 'node:crypto';
import { getOperationAST, parse } from 'graphql';
import { JwtVerifier, type Principal } from '@yekuo/platform/core';
import { mintToken } from '@yekuo/testing';
import { loadGatewayConfig } from './config';
import {
  BULK_FACTOR,
  customerKeysOf,
  DEFAULT_RATE_LIMITS,
  GatewayRateLimiter,
  LimitedField,
  limitedFieldsOf,
  rateLimitsOf,
} from './rate-limits';

const principal = (sub: string, roles: Principal['roles'], actsFor: string[] = []): Principal => ({ sub, roles, regions: [], actsFor });

const fieldsOf = (query: string, variables?: Record<string, unknown>): LimitedField[] => {
  const document = parse(query);
  return limitedFieldsOf(document, getOperationAST(document) ?? undefined, variables);
};

describe('rate limits: whose budget a request spends', () => {
  it('counts a customer by its own id, an agent by the customer it names and acts for, else by itself', () => {
    expect(customerKeysOf(principal('c-1', ['customer']))).toEqual(['customer:c-1']);
    // A customer cannot spend another customer's budget by naming them.
    expect(customerKeysOf(principal('c-1', ['customer']), 'c-2')).toEqual(['customer:c-1']);
    const agent = principal('a-1', ['agent'], ['c-1', 'c-2']);
    expect(customerKeysOf(agent, 'c-2')).toEqual(['customer:c-2']);
    // A customer it does not act for (intake refuses it anyway) costs the agent, never that customer.
    expect(customerKeysOf(agent, 'c-9')).toEqual(['agent:a-1']);
    expect(customerKeysOf(agent)).toEqual(['agent:a-1']);
  });

  it('leaves staff and callers without a valid token to their other limits', () => {
    expect(customerKeysOf(principal('clerk-1', ['intake-clerk']), 'c-1')).toEqual([]);
    expect(customerKeysOf(principal('sup-1', ['supervisor']))).toEqual([]);
    expect(customerKeysOf(undefined, 'c-1')).toEqual([]);
  });
});

describe('rate limits: which operations have a limit of their own', () => {
  it('finds submitApplication and the ticket mutations a customer makes, with the customer the input names', () => {
    expect(fieldsOf('mutation { submitApplication(input: { customerId: "c-1" }) { id } }')).toEqual([
      { limit: 'submitApplication', namedCustomer: 'c-1' },
    ]);
    expect(
      fieldsOf('mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }', { input: { customerId: 'c-2' } }),
    ).toEqual([{ limit: 'submitApplication', namedCustomer: 'c-2' }]);
    expect(fieldsOf('mutation { openTicket(input: { caseId: "x" }) { id } rateTicket(input: { ticketId: "y" }) { id } }')).toEqual([
      { limit: 'ticket', namedCustomer: undefined },
      { limit: 'ticket', namedCustomer: undefined },
    ]);
  });

  it('counts every alias and every field reached through fragments', () => {
    const query = `
      mutation {
        a: submitApplication(input: {}) { id }
        b: submitApplication(input: {}) { id }
        ... on Mutation { c: submitApplication(input: {}) { id } }
        ...More
      }
      fragment More on Mutation { d: submitApplication(input: {}) { id } }`;
    expect(fieldsOf(query).map((f) => f.limit)).toEqual([
      'submitApplication',
      'submitApplication',
      'submitApplication',
      'submitApplication',
    ]);
  });

  it('has nothing to count for queries and other mutations, whatever their text says', () => {
    expect(fieldsOf('query { submitApplication: cases { totalCount } }')).toEqual([]);
    expect(fieldsOf('mutation { acceptApplication(input: { caseId: "submitApplication" }) { id } }')).toEqual([]);
    expect(fieldsOf('mutation { respondToTicket(input: { ticketId: "x", response: "ok" }) { id } }')).toEqual([]);
  });
});

describe('rate limits: profiles and settings', () => {
  it('multiplies every limit by the bulk factor and keeps the windows', () => {
    const bulk = rateLimitsOf('bulk');
    for (const [name, limit] of Object.entries(DEFAULT_RATE_LIMITS)) {
      expect(bulk[name as keyof typeof bulk]).toEqual({ points: limit.points * BULK_FACTOR, durationSeconds: limit.durationSeconds });
    }
    expect(rateLimitsOf('default')).toEqual(DEFAULT_RATE_LIMITS);
  });

  it('has no profile that turns the limits off, and takes only redis URLs', () => {
    expect(() => loadGatewayConfig({ RATE_LIMIT_PROFILE: 'off' })).toThrow(/RATE_LIMIT_PROFILE/);
    expect(() => loadGatewayConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
    expect(loadGatewayConfig({}).rateLimits).toEqual({ profile: 'default', redisUrl: undefined, keyPrefix: 'yekuo:rate' });
  });
});

describe('GatewayRateLimiter in memory', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const create = () =>
    GatewayRateLimiter.create(
      { profile: 'default', keyPrefix: 'unit', verifier: new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem }) },
      () => undefined,
    );

  it('knows the caller of a valid token only', async () => {
    const limiter = await create();
    const customerId = '6f1c2e3d-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
    const token = await mintToken({ sub: customerId, roles: ['customer'] }, { privateKeyPem });
    expect((await limiter.identify(`Bearer ${token}`))?.sub).toBe(customerId);
    expect(await limiter.identify(`Bearer ${token.slice(0, -4)}AAAA`)).toBeUndefined();
    expect(await limiter.identify('Bearer not-a-token')).toBeUndefined();
    expect(await limiter.identify(undefined)).toBeUndefined();
  });

  it('refuses an address without a valid token after the anonymous limit, a principal after its own', async () => {
    const limiter = await create();
    const { anonymous, principal: perPrincipal } = DEFAULT_RATE_LIMITS;
    for (let i = 0; i < anonymous.points; i++) expect(await limiter.admit('10.0.0.1', undefined)).toBeUndefined();
    const refused = await limiter.admit('10.0.0.1', undefined);
    expect(refused).toMatchObject({ limit: 'anonymous' });
    expect(refused!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused!.retryAfterSeconds).toBeLessThanOrEqual(anonymous.durationSeconds);
    // The same address with a valid token is counted by its principal.
    const caller = principal('c-1', ['customer']);
    for (let i = 0; i < perPrincipal.points; i++) expect(await limiter.admit('10.0.0.1', caller)).toBeUndefined();
    expect(await limiter.admit('10.0.0.1', caller)).toMatchObject({ limit: 'principal' });
    expect(await limiter.admit('10.0.0.1', principal('c-2', ['customer']))).toBeUndefined();
  });

  it('tells onRefusal of each refusal, naming the limit, and of nothing else', async () => {
    const refusals: string[] = [];
    const limiter = await GatewayRateLimiter.create(
      {
        profile: 'default',
        keyPrefix: 'unit',
        verifier: new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem }),
        onRefusal: (limit) => refusals.push(limit),
      },
      () => undefined,
    );
    const { upload } = DEFAULT_RATE_LIMITS;
    for (let i = 0; i < upload.points; i++) expect(await limiter.charge('upload', ['customer-1'])).toBeUndefined();
    expect(refusals).toEqual([]);
    await limiter.charge('upload', ['customer-1']);
    await limiter.charge('upload', ['customer-1']);
    expect(refusals).toEqual(['upload', 'upload']);
  });
});
