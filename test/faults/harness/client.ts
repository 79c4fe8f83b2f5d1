import { randomUUID } from 'node:crypto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the fault suite drives the operations the end-to-end tests send: plain GraphQL text and fetch calls
import { CaseDriver, sendUpload } from '../../e2e/operations';
import { sleep } from './processes';

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; retryable?: boolean; serviceName?: string } }[];
}

/** What a retrying client saw. */
export interface ClientStats {
  requests: number;
  /** Attempts sent again, by cause: an error code, `HTTP <status>`, or the network error's code. */
  retries: Map<string, number>;
  /**
   * Mutations that, sent again with the same idempotency key after a retryable failure, were refused
   * as already done (INVALID_TRANSITION, CONFLICT): the first attempt had run, and the service did not
   * recognise the key. Zero once idempotency keys are honoured.
   */
  duplicates: Map<string, number>;
  /**
   * Mutations whose retry was answered IDEMPOTENT_REQUEST_DONE: the first attempt committed, and
   * the process died before it kept its answer. The client reads the state instead of acting again.
   */
  lostAnswers: Map<string, number>;
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** Why a fetch() failed: the socket error's code when undici gives one. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name;
}

/** `mutation($caseId: ID!) { acceptApplication(…` -> `acceptApplication` */
const operationName = (query: string) => /{\s*(\w+)/.exec(query)?.[1] ?? 'operation';

/**
 * A front end that rides out faults: every operation carries an `Idempotency-Key`, and one that
 * fails retryably (`extensions.retryable`, SERVICE_UNAVAILABLE, HTTP 429/502/503, a broken
 * connection) is sent again with the same key after a growing pause, until `deadlineMs` has passed.
 */
export class RetryingClient implements CaseDriver {
  readonly stats: ClientStats = { requests: 0, retries: new Map(), duplicates: new Map(), lostAnswers: new Map() };
  /** Waiting for another service to react, look every half second: hundreds of cases poll at once. */
  readonly pollMs = 500;

  constructor(
    readonly gatewayUrl: string,
    /** Longer than a broker or an instance takes to come back on a busy machine: the cases wait out every fault. */
    readonly waitTimeoutMs = 300_000,
    private readonly deadlineMs = 180_000,
  ) {}

  async send<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const key = randomUUID();
    const mutation = /^\s*mutation\b/.test(query);
    return this.retrying<T>(operationName(query), async (retried) => {
      const response = await fetch(this.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: JSON.stringify({ query, variables }),
      });
      if ([429, 502, 503].includes(response.status))
        return { retry: `HTTP ${response.status}`, after: response.headers.get('retry-after') };
      const answer = (await response.json()) as Answer<T>;
      const errors = answer.errors ?? [];
      const retryable = errors.filter((e) => e.extensions?.retryable === true || e.extensions?.code === 'SERVICE_UNAVAILABLE');
      // A mutation whose root field answered has run; a field of its answer from a subgraph that failed is lost, not worth running it again for.
      const ran = mutation && answer.data && Object.values(answer.data).some((v) => v !== null);
      if (errors.length > 0 && retryable.length === errors.length && !ran) return { retry: retryable[0].extensions?.code ?? 'retryable' };
      if (mutation && errors.length > 0 && errors.every((e) => e.extensions?.code === 'IDEMPOTENT_REQUEST_DONE')) {
        bump(this.stats.lostAnswers, operationName(query));
        return { done: await this.answerOfDone<T>(operationName(query), token) };
      }
      if (
        mutation &&
        retried &&
        errors.length > 0 &&
        errors.every((e) => ['INVALID_TRANSITION', 'CONFLICT'].includes(e.extensions?.code ?? ''))
      ) {
        bump(this.stats.duplicates, `${operationName(query)} ${errors[0].extensions?.code}`);
        return { done: (answer.data ?? {}) as T };
      }
      if (errors.length > 0 && !ran) throw new Error(`${operationName(query)}: ${JSON.stringify(errors)}`);
      return { done: answer.data! };
    });
  }

  /**
   * The answer of a mutation that was carried out but whose answer was lost, read from the state:
   * a customer's submission is their one case (each case of a run has a customer of its own); the
   * other steps of a walk do not read their mutation's answer.
   */
  private async answerOfDone<T>(operation: string, token: string): Promise<T> {
    if (operation !== 'submitApplication') return {} as T;
    const { myCases } = await this.send<{ myCases: { edges: { node: unknown }[] } }>(
      'query { myCases(first: 1) { edges { node { id number status category planningStatus } } } }',
      {},
      token,
    );
    if (myCases.edges.length !== 1) throw new Error(`submitApplication: carried out, but the customer has ${myCases.edges.length} cases`);
    return { submitApplication: myCases.edges[0].node } as T;
  }

  /** Uploads a document as `upload` of the end-to-end operations does, retried like `send`. */
  async upload(gatewayUrl: string, token: string, caseId: string, slot: string): Promise<{ id: string; sha256: string }> {
    const key = randomUUID();
    return this.retrying<{ id: string; sha256: string }>('upload', async () => {
      const response = await sendUpload(gatewayUrl, token, caseId, slot, { 'idempotency-key': key });
      if (response.status === 201 || response.status === 200) return { done: (await response.json()) as { id: string; sha256: string } };
      const text = await response.text();
      if (response.status === 409 && text.includes('"IDEMPOTENT_REQUEST_DONE"')) {
        bump(this.stats.lostAnswers, 'upload');
        return { done: await this.uploadedTo(token, caseId, slot) };
      }
      if (response.status === 429 || response.status >= 500 || /"retryable":\s*true/.test(text))
        return { retry: `HTTP ${response.status}` };
      throw new Error(`upload of ${slot} failed: ${response.status} ${text}`);
    });
  }

  /** The document an upload whose answer was lost stored, read from the case's checklist. */
  private async uploadedTo(token: string, caseId: string, slot: string): Promise<{ id: string; sha256: string }> {
    const { case: found } = await this.send<{ case: { documents: { slot: string; current: { id: string; sha256: string } | null }[] } }>(
      'query ($id: ID!) { case(id: $id) { documents { slot current { id sha256 } } } }',
      { id: caseId },
      token,
    );
    const current = found.documents.find((d) => d.slot === slot)?.current;
    if (!current) throw new Error(`upload of ${slot}: carried out, but the slot holds no document`);
    return current;
  }

  private async retrying<T>(
    what: string,
    attempt: (retried: boolean) => Promise<{ done: T } | { retry: string; after?: string | null }>,
  ): Promise<T> {
    const deadline = Date.now() + this.deadlineMs;
    let pause = 100;
    for (let tries = 0; ; tries++) {
      this.stats.requests++;
      let outcome: Awaited<ReturnType<typeof attempt>>;
      try {
        outcome = await attempt(tries > 0);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // fetch() fails with a TypeError only when the request did not get through
        outcome = { retry: networkCause(error) };
      }
      if ('done' in outcome) return outcome.done;
      if (Date.now() > deadline) throw new Error(`${what}: still failing after ${tries + 1} attempts (${outcome.retry})`);
      bump(this.stats.retries, outcome.retry);
      await sleep(outcome.after ? Number(outcome.after) * 1000 || pause : pause + Math.random() * pause);
      pause = Math.min(pause * 2, 2000);
    }
  }
}
