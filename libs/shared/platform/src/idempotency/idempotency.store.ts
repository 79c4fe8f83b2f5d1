import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '../service/service-definition';
import type { ServiceConfig } from '../config';
import {
  idempotencyContext,
  IdempotencyKeyReusedError,
  IdempotencyState,
  IdempotentReplay,
  IdempotentRequest,
  IdempotentRequestDoneError,
} from './idempotent-request';
import { keyHashOf, openAnswer, sealAnswer } from './answer-seal';

/** How long a duplicate waits for the first request's answer (the first has committed and is writing its answer). */
const ANSWER_WAIT_MS = 5_000;
const ANSWER_POLL_MS = 50;

interface KeyRow {
  fingerprint: string;
  answered: boolean;
  response: Buffer | null;
}

/** What a keyed request came to: it acted (`value`), or an earlier request with its key did (`response`, that one's answer). */
export type IdempotentOutcome<T> = { acted: true; value: T } | { acted: false; response: unknown };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The `idempotency_key` table: a keyed request's claim, taken as the first statement of the
 * transaction of its change (`UnitOfWork.run` calls `claim`), and its answer, kept once it is
 * sent, sealed under the key (answer-seal.ts; the table holds the key's hash only). A row lives
 * `IDEMPOTENCY_KEY_TTL_HOURS`; an older one counts as absent and is removed by `IdempotencySweeper`.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('idempotency');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<ServiceConfig, 'IDEMPOTENCY_KEY_TTL_HOURS'>,
  ) {}

  get ttlHours(): number {
    return this.config.IDEMPOTENCY_KEY_TTL_HOURS;
  }

  /**
   * Runs `act` for a keyed request once: a request whose key an earlier one (same caller and
   * operation) holds gets that one's answer without acting; one that arrives while the first is
   * under way waits on the key's unique index inside `UnitOfWork.run` and then does the same.
   * The same key with other arguments is IDEMPOTENCY_KEY_REUSED.
   */
  async execute<T>(state: IdempotencyState, act: () => Promise<T>): Promise<IdempotentOutcome<T>> {
    const earlier = await this.find(state.request);
    if (earlier) return { acted: false, response: await this.answerOf(state.request, earlier) };
    try {
      return { acted: true, value: await idempotencyContext.run(state, act) };
    } catch (error) {
      if (state.committed || error instanceof IdempotencyKeyReusedError) throw error;
      // A request with the key committed meanwhile: its claim stopped ours (IdempotentReplay), or its
      // change made this one fail a check before this one reached its transaction. Its answer is ours.
      const other = await this.find(state.request).catch(() => undefined);
      if (other) return { acted: false, response: await this.answerOf(state.request, other) };
      if (error instanceof IdempotentReplay) throw new IdempotentRequestDoneError(state.request.operation);
      throw error;
    }
  }

  /** `execute` for an answer that is the value itself (an HTTP endpoint's JSON): kept when it acted, replayed when not. */
  async once<T>(request: IdempotentRequest, act: () => Promise<T>): Promise<T> {
    const state: IdempotencyState = { request, committed: false };
    const outcome = await this.execute(state, act);
    if (!outcome.acted) return outcome.response as T;
    await this.keep(state, outcome.value);
    return outcome.value;
  }

  /**
   * The claim, as the first statement of the change's transaction. A live row of the key makes
   * the statement wait until the transaction that wrote it ends: committed, this request repeats it
   * (IdempotentReplay, or IDEMPOTENCY_KEY_REUSED with other arguments); rolled back, this one claims.
   * A row past retention is taken over.
   */
  async claim(manager: EntityManager, request: IdempotentRequest): Promise<void> {
    const claimed = await manager.query<unknown[]>(
      `INSERT INTO idempotency_key (principal, operation, key_hash, fingerprint) VALUES ($1, $2, $3, $4)
       ON CONFLICT (principal, operation, key_hash) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, created_at = now(), answered_at = NULL, response = NULL
         WHERE idempotency_key.created_at < now() - make_interval(hours => $5)
       RETURNING key_hash`,
      [request.principal, request.operation, keyHashOf(request.key), request.fingerprint, this.ttlHours],
    );
    if (claimed.length > 0) return;
    const [held] = await manager.query<{ fingerprint: string }[]>(
      'SELECT fingerprint FROM idempotency_key WHERE principal = $1 AND operation = $2 AND key_hash = $3',
      [request.principal, request.operation, keyHashOf(request.key)],
    );
    if (held && held.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError(request.operation);
    throw new IdempotentReplay();
  }

  /**
   * Keeps the answer of a request that acted (committed its claim); `undefined` keeps none, so a
   * repeat hears IDEMPOTENT_REQUEST_DONE at once. Never fails the answer itself: a repeat then waits
   * and hears IDEMPOTENT_REQUEST_DONE.
   */
  async keep(state: IdempotencyState, response: unknown): Promise<void> {
    if (!state.committed) return;
    const { principal, operation, key, fingerprint } = state.request;
    try {
      await this.dataSource.query(
        `UPDATE idempotency_key SET answered_at = now(), response = $5
         WHERE principal = $1 AND operation = $2 AND key_hash = $3 AND fingerprint = $4 AND answered_at IS NULL`,
        [principal, operation, keyHashOf(key), fingerprint, response === undefined ? null : sealAnswer(state.request, response)],
      );
    } catch (error) {
      this.logger.warn(`could not keep the answer of ${operation} (${(error as Error).message})`);
    }
  }

  /** Removes up to `batch` rows past retention; resolves to how many. */
  async purgeExpired(batch = 1000): Promise<number> {
    const removed = await this.dataSource.query<unknown[]>(
      `DELETE FROM idempotency_key WHERE ctid IN (
         SELECT ctid FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)
       RETURNING key_hash`,
      [this.ttlHours, batch],
    );
    return removed.length;
  }

  private async find(request: IdempotentRequest): Promise<KeyRow | undefined> {
    const [row] = await this.dataSource.query<KeyRow[]>(
      `SELECT fingerprint, answered_at IS NOT NULL AS answered, response FROM idempotency_key
       WHERE principal = $1 AND operation = $2 AND key_hash = $3 AND created_at >= now() - make_interval(hours => $4)`,
      [request.principal, request.operation, keyHashOf(request.key), this.ttlHours],
    );
    return row;
  }

  /** The answer of the request that holds the key, waiting a little while it is being written. */
  private async answerOf(request: IdempotentRequest, row: KeyRow): Promise<unknown> {
    const deadline = Date.now() + ANSWER_WAIT_MS;
    let current = row;
    for (;;) {
      if (current.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError(request.operation);
      if (current.answered) {
        if (current.response === null) throw new IdempotentRequestDoneError(request.operation);
        return openAnswer(request, current.response);
      }
      if (Date.now() >= deadline) throw new IdempotentRequestDoneError(request.operation);
      await sleep(ANSWER_POLL_MS);
      const next = await this.find(request);
      if (!next) throw new IdempotentRequestDoneError(request.operation);
      current = next;
    }
  }
}
