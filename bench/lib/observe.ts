import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Tracing and logging as production runs them, when BENCH_OBSERVE=1: every process logs JSON
 * lines at info (an access line per request) and exports its spans over OTLP/HTTP to a sink in
 * the benchmark's own process, which reads each export and answers 200 as a collector would.
 * A tree from before tracing existed ignores the OTEL_* variables and logs at info in its own
 * format. Off, the processes log warnings only and record no spans.
 */
export class Observability {
  private constructor(
    readonly env: Record<string, string>,
    private readonly close: () => Promise<void>,
    private readonly received: { exports: number; bytes: number } = { exports: 0, bytes: 0 },
  ) {}

  static get wanted(): boolean {
    return process.env.BENCH_OBSERVE === '1';
  }

  static off(): Observability {
    return new Observability({}, () => Promise.resolve());
  }

  static async start(): Promise<Observability> {
    const received = { exports: 0, bytes: 0 };
    const server = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => {
        received.bytes += chunk.length;
      });
      req.on('end', () => {
        received.exports += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Observability(
      { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, LOG_LEVEL: 'log', LOG_FORMAT: 'json' },
      () => new Promise<void>((resolve) => server.close(() => resolve())),
      received,
    );
  }

  get on(): boolean {
    return 'OTEL_EXPORTER_OTLP_ENDPOINT' in this.env;
  }

  /** One line for a report. */
  describe(): string {
    // The processes read the sampler from the environment they inherit (docs/operations.md, Traces).
    const sampler = process.env.OTEL_TRACES_SAMPLER
      ? `spans of the traces ${process.env.OTEL_TRACES_SAMPLER} ${process.env.OTEL_TRACES_SAMPLER_ARG ?? ''} keeps`.replace(/ +/g, ' ')
      : 'every span';
    return this.on
      ? `Tracing and logging on (BENCH_OBSERVE=1): JSON logs at info, ${sampler} exported over OTLP/HTTP JSON to a sink in the benchmark's process (${this.received.exports} exports, ${(this.received.bytes / 2 ** 20).toFixed(1)} MiB).`
      : 'Tracing off, logs at warn (BENCH_OBSERVE=1 turns both on as in production).';
  }

  stop(): Promise<void> {
    return this.close();
  }
}
