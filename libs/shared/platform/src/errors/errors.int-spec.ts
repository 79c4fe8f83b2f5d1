import { DynamicModule, Logger, Module } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { InProcessService, startServiceInProcess, subgraphFetch, TcpProxy, TestRun } from '@yekuo/testing';
import { Public } from '../auth/auth.decorators';
import { ServiceConfig } from '../config';
import { CoreModule } from '../service/core.module';
import { ServiceDefinition } from '../service/service-definition';

class ProbeTable1764400000000 implements MigrationInterface {
  name = 'ProbeTable1764400000000';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE probe_note (note text NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE probe_note');
  }
}

/** How often each resolver ran: a read that the database dropped runs twice, a write once. */
const calls = { notes: 0, addNote: 0 };

/** Resolvers that reach PostgreSQL without any input rule in front, or fail as a bug would. */
@Resolver()
class ProbeResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Query(() => [String])
  async notes(): Promise<string[]> {
    calls.notes += 1;
    const rows = await this.dataSource.query<{ note: string }[]>('SELECT note FROM probe_note ORDER BY note');
    return rows.map((r) => r.note);
  }

  @Public()
  @Mutation(() => String)
  async addNote(@Args('note') note: string): Promise<string> {
    calls.addNote += 1;
    await this.dataSource.query('INSERT INTO probe_note (note) VALUES ($1)', [note]);
    return note;
  }

  /** A value PostgreSQL refuses, as if no rule had checked it (the safety net's case). */
  @Public()
  @Query(() => String, { nullable: true })
  async unchecked(): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>('SELECT $1::uuid AS id', ['not-a-uuid']);
    return row.id;
  }

  /** A bug whose message carries a file path and SQL. */
  @Public()
  @Query(() => String, { nullable: true })
  bug(): string {
    throw new Error("ENOENT: open '/home/yekuo/services/probe/src/secret.ts' while running SELECT * FROM probe_note");
  }
}

const probeService: ServiceDefinition = { name: 'probe', defaultPort: 0, entities: [], migrations: [ProbeTable1764400000000] };

@Module({})
class ProbeModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: ProbeModule, imports: [CoreModule.forService(probeService, config)], providers: [ProbeResolver] };
  }
}

/** What must never reach a caller: stack frames, file paths, SQL, PostgreSQL's own words, addresses. */
const INTERNALS =
  /\.ts\b|\/home\/|at \w+ \(|SELECT|INSERT|invalid input syntax|terminating connection|Connection terminated|postgres:\/\/|127\.0\.0\.1|<html|<pre/i;

describe('errors of a service that reveal nothing (a probe service on PostgreSQL through a TCP proxy)', () => {
  const run = new TestRun();
  const proxy = new TcpProxy();
  let service: InProcessService;

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await subgraphFetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const call = async (query: string, headers: Record<string, string> = {}) => {
    const answer = await post(JSON.stringify({ query }), headers);
    return {
      ...answer,
      body: JSON.parse(answer.text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
    };
  };

  beforeAll(async () => {
    // The service reaches PostgreSQL only through the proxy (the database server itself is never stopped).
    const env = run.env('probe') as Record<string, string | undefined>;
    const database = new URL(env.DATABASE_URL!);
    await proxy.start(database.hostname, Number(database.port || 5432));
    const viaProxy = (url: string) => Object.assign(new URL(url), { host: `127.0.0.1:${proxy.port}` }).toString();
    service = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config), {
      DATABASE_URL: viaProxy(env.DATABASE_URL!),
      ...(env.DATABASE_OWNER_URL ? { DATABASE_OWNER_URL: viaProxy(env.DATABASE_OWNER_URL) } : {}),
      BODY_LIMIT: '4kb',
    });
  }, 60_000);

  afterAll(async () => {
    proxy.unblock();
    await service?.stop();
    await proxy.stop();
    await run.cleanUp(['probe']);
  });

  it('answers an unexpected error with "Internal server error" and the request id only; the log has the detail under that id', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const answer = await call('{ bug }', { 'x-request-id': 'probe-req-1' });
      expect(answer.body.errors).toEqual([
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 3 }],
          path: ['bug'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'probe-req-1' },
        },
      ]);
      expect(answer.text).not.toMatch(INTERNALS);
      expect(logged.mock.calls.map((c) => String(c[0])).find((line) => line.includes('probe-req-1'))).toMatch(/secret\.ts/);
    } finally {
      logged.mockRestore();
    }
  });

  it('never passes on what PostgreSQL said about a value it refused', async () => {
    const answer = await call('{ unchecked }');
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it('answers a body that is not JSON with 400 and one over the limit with 413, as JSON', async () => {
    const malformed = await post('{"query": "{ notes }"');
    expect(malformed).toMatchObject({ status: 400, type: expect.stringContaining('application/json') });
    expect(JSON.parse(malformed.text)).toEqual({
      errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });

    // BODY_LIMIT is 4kb: the gateway refuses past it, the service only past twice that.
    expect((await call(`{ notes } # ${'x'.repeat(6_000)}`)).status).toBe(200);
    const oversize = await post(JSON.stringify({ query: `{ notes } # ${'x'.repeat(9_000)}` }));
    expect(oversize).toMatchObject({ status: 413, type: expect.stringContaining('application/json') });
    expect(JSON.parse(oversize.text)).toEqual({
      errors: [{ message: 'The request body is larger than this server accepts', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    for (const answer of [malformed, oversize]) expect(answer.text).not.toMatch(INTERNALS);
  });

  it('answers SERVICE_UNAVAILABLE (retryable) while the database cannot be reached, a read after one retry, a write without', async () => {
    expect((await call('mutation { addNote(note: "before") }')).body).toEqual({ data: { addNote: 'before' } });
    expect((await call('{ notes }')).body).toEqual({ data: { notes: ['before'] } });

    proxy.block();
    proxy.cut();
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      calls.notes = 0;
      const read = await call('{ notes }', { 'x-request-id': 'probe-req-2' });
      expect(read.body.errors?.[0]).toMatchObject({
        path: ['notes'],
        extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, requestId: 'probe-req-2' },
      });
      expect(calls.notes).toBe(2);
      expect(read.text).not.toMatch(INTERNALS);

      calls.addNote = 0;
      const write = await call('mutation { addNote(note: "during") }');
      expect(write.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(calls.addNote).toBe(1);
      expect(write.text).not.toMatch(INTERNALS);

      // Readiness says which check fails, never where the database is.
      const ready = await fetch(service.url.replace('/graphql', '/health/ready'));
      expect(ready.status).toBe(503);
      const readiness = await ready.text();
      expect(JSON.parse(readiness)).toMatchObject({ checks: { database: false } });
      expect(readiness).not.toMatch(INTERNALS);
    } finally {
      proxy.unblock();
      warned.mockRestore();
    }
    expect((await call('{ notes }')).body).toEqual({ data: { notes: ['before'] } });
  }, 30_000);
});
