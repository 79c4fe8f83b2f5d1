// What the before/after benchmarks share: their options, the trees they compare, and tearing
// everything down on the way out, also after a failure or Ctrl-C.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { Observability } from './observe';
import { BenchSystem, SystemOptions } from './system';
import { BaseTree, buildTree, describeTree, resolveBase } from './trees';

export const REPO = resolve(__dirname, '..', '..');
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const AMQP_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface CommonOptions {
  duration: number;
  connections: number;
  cases: number;
  concurrency: number;
  base?: string;
  onlyAfter: boolean;
  build: boolean;
  out: string;
}

/** Parses the options every benchmark takes (plus `extra`); `--help` prints `usage`. */
export function parseOptions(
  usage: string,
  /** `connections` undefined: --connections defaults to --concurrency. */
  defaults: { duration: number; connections?: number; cases: number; concurrency: number; out: string },
  extra: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }> = {},
) {
  const values = parseArgs({
    options: {
      duration: { type: 'string', default: String(defaults.duration) },
      connections: { type: 'string', ...(defaults.connections === undefined ? {} : { default: String(defaults.connections) }) },
      cases: { type: 'string', default: String(defaults.cases) },
      concurrency: { type: 'string', default: String(defaults.concurrency) },
      base: { type: 'string' },
      only: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: defaults.out },
      help: { type: 'boolean', short: 'h', default: false },
      ...extra,
    },
  }).values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const positive = (name: 'duration' | 'connections' | 'cases' | 'concurrency') => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive integer\n\n${usage}`);
    return n;
  };
  if (values.only !== undefined && values.only !== 'after') throw new Error(`--only takes "after"\n\n${usage}`);
  const common: CommonOptions = {
    duration: positive('duration'),
    connections: values.connections === undefined ? positive('concurrency') : positive('connections'),
    cases: positive('cases'),
    concurrency: positive('concurrency'),
    base: values.base as string | undefined,
    onlyAfter: values.only === 'after',
    build: !values['no-build'],
    out: values.out as string,
  };
  return { common, values };
}

/** One side of the comparison. */
export interface Side {
  name: 'before' | 'after';
  /** Full commit id, `+ uncommitted changes` when the tree differs from it. */
  commit: string;
  root: string;
  basePort: number;
}

/** Things to undo on the way out, last first. Runs once, on success, failure, or SIGINT/SIGTERM. */
export class Teardown {
  private readonly steps: { what: string; undo: () => Promise<void> | void }[] = [];
  private done?: Promise<void>;

  constructor() {
    // `on`, not `once`: a signal often arrives twice (to the process group, and relayed by the tsx
    // or npm wrapper), and a second one must not end the process half-way through cleaning up.
    let signalled = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (signalled) return;
        signalled = true;
        console.error(`\n${signal}: stopping the benchmark and cleaning up`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }

  add(what: string, undo: () => Promise<void> | void): void {
    this.steps.push({ what, undo });
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.undo();
        } catch (error) {
          console.error(`cleaning up (${step.what}) failed:`, error);
        }
      }
    })();
    return this.done;
  }
}

/** How the sides trace and log (BENCH_OBSERVE), set up by prepareSides. */
let observability = Observability.off();

/** The tracing and logging the sides ran with, for a report. */
export function observabilityNote(): string {
  return observability.describe();
}

/**
 * The trees to compare: a built worktree of the base (unless --only after) and this tree (built
 * unless --no-build); with BENCH_OBSERVE=1, the trace sink both sides export to.
 */
export async function prepareSides(options: CommonOptions, teardown: Teardown): Promise<Side[]> {
  if (Observability.wanted && !observability.on) {
    observability = await Observability.start();
    teardown.add('the trace sink', () => observability.stop());
  }
  const sides: Side[] = [];
  if (!options.onlyAfter) {
    const base = resolveBase(REPO, options.base);
    const tree = await BaseTree.create(REPO, base.commit);
    teardown.add('the base worktree', () => tree.remove());
    sides.push({ name: 'before', commit: base.commit, root: tree.root, basePort: 4100 });
  }
  if (options.build) await buildTree(REPO, 'building this tree');
  sides.push({ name: 'after', commit: describeTree(REPO), root: REPO, basePort: 4200 });
  return sides;
}

/**
 * Starts the system of one side (databases yekuo_bench_<side>_<service>), traced and logging as
 * BENCH_OBSERVE says; stopped and cleaned up by the teardown.
 */
export async function startSide(side: Side, teardown: Teardown, extra: Partial<SystemOptions> = {}): Promise<BenchSystem> {
  const system = await BenchSystem.start({
    label: side.name,
    root: side.root,
    basePort: side.basePort,
    pgUrl: PG_URL,
    amqpUrl: AMQP_URL,
    ...extra,
    env: { ...observability.env, ...extra.env },
  });
  teardown.add(`the ${side.name} system`, () => system.dispose());
  return system;
}

export async function postgresVersion(): Promise<string> {
  const db = new Client({ connectionString: `${PG_URL}/postgres` });
  await db.connect();
  try {
    return `PostgreSQL ${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v}`;
  } finally {
    await db.end();
  }
}

export const load1 = () => loadavg()[0].toFixed(2);

/** `abc1234` (+ changes) for a table header. */
export const shortCommit = (commit: string) => commit.slice(0, 7) + (commit.includes('+') ? ' + changes' : '');

/** Runs a benchmark's `main`: exits 0 when it is done (open pools and sockets aside), 1 with the error when it fails. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
