import { Controller, DynamicModule, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { connect } from 'amqplib';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { CoreModule } from '../service/core.module';
import { ServiceDefinition } from '../service/service-definition';
import { ServiceConfig } from '../config';
import { CloudEvent } from '@yekuo/events';
import { EventTap, InProcessService, peekQueue, startServiceInProcess, TcpProxy, TestRun, waitFor } from '@yekuo/testing';
import { resendDeadLetters } from './dead-letters';
import { HEADER, queueNames } from './amqp-topology';
import { UnitOfWork } from './unit-of-work';

class AppliedTable1764300000000 implements MigrationInterface {
  name = 'AppliedTable1764300000000';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE applied (event_id text PRIMARY KEY, case_number text NOT NULL, times int NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE applied');
  }
}

/** Flipped by the test to "fix" the failing handler. */
const failing = { broken: true };

@Controller()
class ProbeHandlers {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** Records each application it sees; an inbox makes redelivery a no-op. */
  @EventPattern('intake.application.submitted.v1')
  async submitted(event: CloudEvent<'intake.application.submitted.v1'>) {
    await this.unitOfWork.runOnce('probe', event, async ({ manager }) => {
      await manager.query(
        `INSERT INTO applied (event_id, case_number, times) VALUES ($1, $2, 1)
         ON CONFLICT (event_id) DO UPDATE SET times = applied.times + 1`,
        [event.id, event.data.caseNumber],
      );
    });
  }

  /** Throws until the test fixes it. */
  @EventPattern('intake.application.resubmitted.v1')
  async resubmitted(event: CloudEvent<'intake.application.resubmitted.v1'>) {
    if (failing.broken) throw new Error(`cannot apply ${event.data.caseNumber} yet`);
    await this.unitOfWork.runOnce('probe', event, async ({ manager }) => {
      await manager.query('INSERT INTO applied (event_id, case_number, times) VALUES ($1, $2, 1)', [event.id, event.data.caseNumber]);
    });
  }
}

const probeService: ServiceDefinition = {
  name: 'probe',
  defaultPort: 0,
  entities: [],
  migrations: [AppliedTable1764300000000],
  // The service's policy names the work an application opens.
  eventActions: (type) => (type === 'intake.application.submitted.v1' ? { opens: ['REVIEW_APPLICATION'] } : undefined),
};

@Module({})
class ProbeModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: ProbeModule, imports: [CoreModule.forService(probeService, config)], controllers: [ProbeHandlers] };
  }
}

let sequence = 0;
function payload(caseNumber = `YK-2026-${String(++sequence).padStart(6, '0')}`) {
  return {
    caseId: '6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a10',
    caseNumber,
    customerId: '0b8f9c7e-3d2a-4c1b-8e7f-6a5b4c3d2e1f',
    category: 'LV_RESIDENTIAL' as const,
    policyVersion: '2020-01',
    actor: { id: 'clerk-1', role: 'intake-clerk' as const },
  };
}

const submitted = (caseNumber?: string) => ({
  ...payload(caseNumber),
  businessType: 'NEW_CONNECTION',
  capacityKva: 8,
  voltageLevel: 'AC220V',
  regionCode: '310101',
});

describe('outbox, consumer, inbox and dead letters on the real broker', () => {
  const run = new TestRun();
  const queues = queueNames('probe', run.queuePrefix);
  let proxy: TcpProxy;
  let service: InProcessService;
  let tap: EventTap;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;

  const applied = async () =>
    await dataSource.query<{ case_number: string; times: number }[]>('SELECT case_number, times FROM applied ORDER BY case_number');

  /** Commits an event through the unit of work, as a mutation would. */
  const commit = <T extends 'intake.application.submitted.v1' | 'intake.application.resubmitted.v1'>(type: T, data: unknown) =>
    unitOfWork.run((work) => work.publish(type, data as never));

  beforeAll(async () => {
    proxy = new TcpProxy();
    const broker = new URL(run.amqpUrl);
    await proxy.start(broker.hostname, Number(broker.port || 5672));
    broker.host = `127.0.0.1:${proxy.port}`;
    tap = await EventTap.open(run.amqpUrl, run.exchange);
    service = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config), {
      AMQP_URL: broker.toString(),
      OUTBOX_POLL_MS: '300',
    });
    dataSource = service.app.get(DataSource);
    unitOfWork = service.app.get(UnitOfWork);
    await waitFor('the consumer to be connected', () => fetch(service.url.replace('/graphql', '/health/ready')).then((r) => r.ok));
  }, 60_000);

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await proxy?.stop();
    await run.cleanUp(['probe']);
  });

  it('publishes a committed event once and applies it once, even when delivered twice', async () => {
    const event = await commit('intake.application.submitted.v1', submitted('YK-2026-900001'));
    await waitFor('the event to be applied', async () => (await applied()).some((r) => r.case_number === 'YK-2026-900001'));
    // Redeliver the very same event straight into the queue: the inbox must skip it.
    const connection = await connect(run.amqpUrl);
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue(queues.main, Buffer.from(JSON.stringify(event)), { persistent: true });
    await channel.waitForConfirms();
    await connection.close();
    await new Promise((r) => setTimeout(r, 1000));
    expect((await applied()).find((r) => r.case_number === 'YK-2026-900001')?.times).toBe(1);
    expect(tap.messages.filter((m) => (m.body as CloudEvent).id === event.id)).toHaveLength(1);
  });

  it('sets the actions the service’s policy names on a payload that names none, and keeps those a publisher named', async () => {
    const named = await commit('intake.application.submitted.v1', submitted('YK-2026-900003'));
    expect(named.data.actions).toEqual({ opens: ['REVIEW_APPLICATION'] });
    const own = await commit('intake.application.submitted.v1', { ...submitted('YK-2026-900004'), actions: { closes: ['ARCHIVE'] } });
    expect(own.data.actions).toEqual({ closes: ['ARCHIVE'] });
    await waitFor('the named actions on the bus', () =>
      tap.messages.some(
        (m) =>
          (m.body as CloudEvent).id === named.id &&
          JSON.stringify((m.body as CloudEvent).data.actions) === '{"opens":["REVIEW_APPLICATION"]}',
      ),
    );
  });

  it('does not publish what was rolled back', async () => {
    await expect(
      unitOfWork.run(async (work) => {
        await work.publish('intake.application.submitted.v1', submitted('YK-2026-900002'));
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    await new Promise((r) => setTimeout(r, 800));
    expect(tap.messages.some((m) => (m.body as CloudEvent).data?.caseNumber === 'YK-2026-900002')).toBe(false);
  });

  it('refuses to store an event whose payload breaks the catalog', async () => {
    await expect(commit('intake.application.submitted.v1', { ...submitted(), capacityKva: -5 })).rejects.toThrow(/capacityKva/);
  });

  it('delivers and applies every event exactly once after the broker connection is cut while mutations commit', async () => {
    const numbers = Array.from({ length: 20 }, (_, i) => `YK-2026-91${String(i).padStart(4, '0')}`);
    const committed: Promise<unknown>[] = [];
    for (const [i, number] of numbers.entries()) {
      if (i === 5) {
        proxy.block();
        proxy.cut();
      }
      committed.push(commit('intake.application.submitted.v1', submitted(number)));
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all(committed);
    // While cut, nothing can have reached the broker for the later half.
    await new Promise((r) => setTimeout(r, 1000));
    proxy.unblock();
    await waitFor(
      'every event to be applied after reconnection',
      async () => (await applied()).filter((r) => numbers.includes(r.case_number)).length === numbers.length,
      30_000,
    );
    const rows = (await applied()).filter((r) => numbers.includes(r.case_number));
    expect(rows.map((r) => r.times)).toEqual(numbers.map(() => 1));
    const seen = new Set(tap.messages.map((m) => (m.body as CloudEvent).data?.caseNumber).filter((n) => numbers.includes(n)));
    expect(seen.size).toBe(numbers.length);
    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  }, 60_000);

  it('keeps consuming after its queue is deleted under it: it declares and binds it again', async () => {
    const connection = await connect(run.amqpUrl);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    await channel.deleteQueue(queues.main);
    // An event published while no queue is bound is not routed to this service: wait until it is back.
    await waitFor('the queue to be declared again with a consumer', async () => {
      const probe = await connection.createChannel();
      probe.on('error', () => undefined);
      const found = await probe.checkQueue(queues.main).catch(() => undefined);
      await probe.close().catch(() => undefined);
      return found && found.consumerCount > 0;
    });
    await connection.close();
    const event = await commit('intake.application.submitted.v1', submitted('YK-2026-930001'));
    await waitFor(
      'the event to be applied after the consumer re-declared its queue',
      async () => (await applied()).some((r) => r.case_number === 'YK-2026-930001'),
      30_000,
    );
    expect(tap.messages.some((m) => (m.body as CloudEvent).id === event.id)).toBe(true);
  }, 40_000);

  it('dead-letters a malformed message and one that always fails, keeps the rest flowing, and resends a fixed one once', async () => {
    const connection = await connect(run.amqpUrl);
    const channel = await connection.createConfirmChannel();
    channel.publish(run.exchange, 'intake.application.submitted.v1', Buffer.from('{not json'), { messageId: 'malformed-1' });
    await channel.waitForConfirms();
    await connection.close();

    const poison = await commit('intake.application.resubmitted.v1', payload('YK-2026-920001'));
    await commit('intake.application.submitted.v1', submitted('YK-2026-920002'));
    await waitFor('the healthy event to be applied while the other one retries', async () =>
      (await applied()).some((r) => r.case_number === 'YK-2026-920002'),
    );
    expect((await applied()).find((r) => r.case_number === 'YK-2026-920002')).toEqual({ case_number: 'YK-2026-920002', times: 1 });

    const dead = await waitFor(
      'both to reach the dead-letter queue',
      async () => {
        const messages = await peekQueue(run.amqpUrl, queues.deadLetter);
        return messages.length === 2 ? messages : undefined;
      },
      20_000,
      250,
    );
    const malformed = dead.find((m) => m.raw === '{not json');
    const failed = dead.find((m) => (m.body as CloudEvent)?.id === poison.id);
    expect(malformed?.headers[HEADER.error]).toMatch(/not JSON/);
    expect(failed?.headers[HEADER.error]).toMatch(/cannot apply YK-2026-920001 yet/);
    expect(failed?.headers[HEADER.attempt]).toBe(3);
    expect((await applied()).some((r) => r.case_number === 'YK-2026-920001')).toBe(false);

    failing.broken = false;
    expect(await resendDeadLetters({ url: run.amqpUrl, service: 'probe', queuePrefix: run.queuePrefix })).toBe(2);
    await waitFor('the fixed event to be applied', async () => (await applied()).some((r) => r.case_number === 'YK-2026-920001'));
    // The malformed one is still malformed: it is back in the dead-letter queue, alone.
    const remaining = await waitFor('the malformed message to be dead-lettered again', async () => {
      const messages = await peekQueue(run.amqpUrl, queues.deadLetter);
      return messages.length === 1 ? messages : undefined;
    });
    expect(remaining[0].raw).toBe('{not json');
    await new Promise((r) => setTimeout(r, 500));
    expect((await applied()).filter((r) => r.case_number === 'YK-2026-920001')).toEqual([{ case_number: 'YK-2026-920001', times: 1 }]);
  }, 60_000);
});
