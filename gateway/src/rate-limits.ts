import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  DocumentNode,
  GraphQLError,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  SelectionSetNode,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
} from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ErrorCode, graphqlErrorBody, hasRole, JwtVerifier, type Principal } from '@yekuo/platform/core';
import type { GatewayContext } from './context';

/** `default` for production; `bulk` (every limit × BULK_FACTOR) for seeding and load benchmarks. There is no "off". */
export const RATE_LIMIT_PROFILES = ['default', 'bulk'] as const;
export type RateLimitProfile = (typeof RATE_LIMIT_PROFILES)[number];

/** How many points a key may spend per `durationSeconds` (a fixed window that starts with its first request). */
export interface Limit {
  points: number;
  durationSeconds: number;
}

/**
 * The gateway's rate limits (the README's table, Limits): `address` every request per client
 * address; `anonymous` a request without a valid token, per client address; `principal` a request
 * with a valid token, per `sub`; the rest per customer (see `customerKeysOf`).
 */
export const DEFAULT_RATE_LIMITS = {
  address: { points: 3000, durationSeconds: 60 },
  anonymous: { points: 30, durationSeconds: 60 },
  principal: { points: 600, durationSeconds: 60 },
  submitApplication: { points: 10, durationSeconds: 3600 },
  upload: { points: 60, durationSeconds: 3600 },
  ticket: { points: 20, durationSeconds: 3600 },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof DEFAULT_RATE_LIMITS;
type CustomerLimit = 'submitApplication' | 'upload' | 'ticket';

/** What the `bulk` profile multiplies every limit's points by: still a ceiling, counted the same way. */
export const BULK_FACTOR = 1000;

/** The limits of a profile. */
export function rateLimitsOf(profile: RateLimitProfile): Record<LimitName, Limit> {
  const factor = profile === 'bulk' ? BULK_FACTOR : 1;
  return Object.fromEntries(
    Object.entries(DEFAULT_RATE_LIMITS).map(([name, limit]) => [name, { ...limit, points: limit.points * factor }]),
  ) as Record<LimitName, Limit>;
}

/**
 * The mutations with a limit of their own per customer. `respondToTicket` and `resolveTicket` are
 * staff's (see `customerKeysOf`), so the ticket limit counts the ticket mutations a customer makes.
 */
export const MUTATION_LIMITS: Readonly<Record<string, CustomerLimit>> = {
  submitApplication: 'submitApplication',
  openTicket: 'ticket',
  rateTicket: 'ticket',
};

/**
 * Whose budget a customer-limited action spends: a customer's own (`sub`); for an agent, the
 * customer it names when it acts for that customer (`submitApplication`'s `customerId`), else its
 * own — so no one can spend the budget of a customer who did not authorise them. Staff act for
 * many customers and are bound by their per-principal limit only (none here).
 */
export function customerKeysOf(principal: Principal | undefined, namedCustomer?: unknown): string[] {
  if (!principal) return [];
  if (hasRole(principal, 'customer')) return [`customer:${principal.sub}`];
  if (hasRole(principal, 'agent')) {
    const named = typeof namedCustomer === 'string' && principal.actsFor.includes(namedCustomer) ? namedCustomer : undefined;
    return [named ? `customer:${named}` : `agent:${principal.sub}`];
  }
  return [];
}

/** One customer-limited field of an operation and the customer its `input` names, if any. */
export interface LimitedField {
  limit: CustomerLimit;
  namedCustomer?: unknown;
}

/** The root fields of `operation` whose name has a limit (aliases and fragments included, each occurrence once). */
export function limitedFieldsOf(
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: Readonly<Record<string, unknown>> = {},
): LimitedField[] {
  if (operation?.operation !== OperationTypeNode.MUTATION) return [];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const collect = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return fields.flatMap((field) => {
    const limit = MUTATION_LIMITS[field.name.value];
    if (!limit) return [];
    const input = field.arguments?.find((arg) => arg.name.value === 'input');
    const value = input ? (valueFromASTUntyped(input.value, variables) as Record<string, unknown> | null) : undefined;
    return [{ limit, namedCustomer: value && typeof value === 'object' ? value.customerId : undefined }];
  });
}

/** A refusal: which limit, and in how many seconds the key has points again. */
export class RateLimited {
  constructor(
    readonly limit: LimitName,
    readonly retryAfterSeconds: number,
  ) {}

  static readonly MESSAGE = 'Too many requests; try again later';

  /** The GraphQL-shaped body of a 429 (also for /documents and /reports). */
  body() {
    return graphqlErrorBody(RateLimited.MESSAGE, { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: this.retryAfterSeconds });
  }

  /** The same refusal thrown from an Apollo hook: HTTP 429 with `Retry-After`. */
  graphqlError(): GraphQLError {
    return new GraphQLError(RateLimited.MESSAGE, {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds: this.retryAfterSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(this.retryAfterSeconds)]]) },
      },
    });
  }
}

export interface RateLimiterSettings {
  profile: RateLimitProfile;
  /** Counters in Redis, shared by every gateway instance; in this process's memory when unset. */
  redisUrl?: string;
  /** Every Redis key starts with it (`<prefix>:<limit>:<key>`). */
  keyPrefix: string;
  /** The platform's token check, ready (createJwtVerifier). */
  verifier: JwtVerifier;
  /** Told of every refusal (the gateway's metrics count them). */
  onRefusal?: (limit: LimitName) => void;
}

/** How long a connection to Redis may take, at boot and on each reconnection. */
const REDIS_CONNECT_TIMEOUT_MS = 2000;

/** `host:port` of a Redis URL, never its password. */
const whereIs = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 6379}`;
};

/**
 * The gateway's rate limiter: tells who calls (the token verified with the platform's verifier,
 * only to know whom to count; each subgraph still verifies it) and counts requests against the
 * limits of the profile, in Redis when configured (every instance shares the counters). While
 * Redis cannot be reached each limit counts in memory (rate-limiter-flexible's insurance
 * limiter): requests are never failed for it, and the outage is logged once.
 */
export class GatewayRateLimiter {
  readonly limits: Record<LimitName, Limit>;
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  private constructor(
    private readonly settings: RateLimiterSettings,
    private readonly redis: Redis | undefined,
  ) {
    this.limits = rateLimitsOf(settings.profile);
    this.limiters = Object.fromEntries((Object.keys(this.limits) as LimitName[]).map((name) => [name, this.limiterFor(name)])) as Record<
      LimitName,
      RateLimiterAbstract
    >;
  }

  /** Connects to Redis when configured. */
  static async create(settings: RateLimiterSettings, log: (line: string) => void): Promise<GatewayRateLimiter> {
    if (!settings.redisUrl) return new GatewayRateLimiter(settings, undefined);
    const where = whereIs(settings.redisUrl);
    // No offline queue: while Redis is away a count fails at once and the memory limiter takes it.
    // Auto-pipelining sends the counts a request makes in the same tick (`admit`'s two) in one write.
    const redis = new Redis(settings.redisUrl, {
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    });
    let down = false;
    redis.on('error', (error: NodeJS.ErrnoException) => {
      if (down) return;
      down = true;
      log(
        `Redis at ${where} cannot be reached (${error.code ?? error.message}); rate limits count in this process's memory until it is back`,
      );
    });
    redis.on('ready', () => {
      if (!down) return;
      down = false;
      log(`Redis at ${where} is back; rate limits count there again`);
    });
    // Counting starts once Redis answers (or has failed once): counts made in memory while it
    // connects would not be seen by the other instances.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, REDIS_CONNECT_TIMEOUT_MS);
      const settle = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', settle);
      redis.once('error', settle);
    });
    return new GatewayRateLimiter(settings, redis);
  }

  /** The caller of a bearer token, or undefined when there is none or it does not verify. */
  async identify(authorization: string | undefined): Promise<Principal | undefined> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    return this.settings.verifier.verify(token).catch(() => undefined);
  }

  /**
   * Counts a request against its client address and its principal (or, without one, its
   * address's anonymous limit), both at once: one write to Redis (auto-pipelined), not two.
   */
  async admit(address: string, principal: Principal | undefined): Promise<RateLimited | undefined> {
    const refusals = await Promise.all([
      this.charge('address', [address]),
      principal ? this.charge('principal', [principal.sub]) : this.charge('anonymous', [address]),
    ]);
    return refusals.find(Boolean);
  }

  /** Spends `points` of `limit` from each key; the first refusal, or undefined when every key had them. */
  async charge(limit: LimitName, keys: readonly string[], points = 1): Promise<RateLimited | undefined> {
    for (const key of keys) {
      try {
        await this.limiters[limit].consume(key, points);
      } catch (refusal) {
        // Anything but a refusal (a store failure the insurance did not take) lets the request through.
        if (refusal instanceof RateLimiterRes) {
          this.settings.onRefusal?.(limit);
          return new RateLimited(limit, Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
        }
      }
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  private limiterFor(name: LimitName): RateLimiterAbstract {
    const { points, durationSeconds: duration } = this.limits[name];
    const keyPrefix = `${this.settings.keyPrefix}:${name}`;
    if (!this.redis) return new RateLimiterMemory({ keyPrefix, points, duration });
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  }
}

/** Answers a refusal as GraphQL-shaped JSON with HTTP 429 and `Retry-After`. */
function refuse(res: Response, refusal: RateLimited): void {
  res.status(429).setHeader('retry-after', String(refusal.retryAfterSeconds));
  res.json(refusal.body());
}

/** The client address Express derived (behind `TRUST_PROXY` proxies: from their `X-Forwarded-For`). */
const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * Counts every request to `/graphql`, `/documents` and `/reports` (`admit`) and, for `POST /documents`, the
 * customer's upload limit; keeps the caller in `res.locals.principal` for the GraphQL context.
 */
export function rateLimitMiddleware(limiter: GatewayRateLimiter, options: { uploads?: boolean } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const principal = await limiter.identify(req.headers.authorization);
      res.locals.principal = principal;
      const refusal =
        (await limiter.admit(addressOf(req), principal)) ??
        (options.uploads && req.method === 'POST' ? await limiter.charge('upload', customerKeysOf(principal)) : undefined);
      if (refusal) refuse(res, refusal);
      else next();
    })().catch(next);
  };
}

/**
 * Counts each customer-limited mutation field once the operation is parsed and resolved (so a
 * value given in variables counts, and aliases each count), before any subgraph is asked.
 */
export function rateLimitPlugin(limiter: GatewayRateLimiter): ApolloServerPlugin<GatewayContext> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
    requestDidStart: async ({ contextValue }) => ({
      didResolveOperation: async ({ document, operation, request }) => {
        for (const { limit, namedCustomer } of limitedFieldsOf(document, operation, request.variables)) {
          const refusal = await limiter.charge(limit, customerKeysOf(contextValue.principal, namedCustomer));
          if (refusal) throw refusal.graphqlError();
        }
      },
    }),
  };
}
