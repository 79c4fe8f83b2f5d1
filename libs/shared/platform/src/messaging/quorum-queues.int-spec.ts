import { ChannelModel, connect } from 'amqplib';
import { peekQueue, TestRun, waitFor } from '@yekuo/testing';
import { AmqpEventsServer } from './amqp-events.server';
import { HEADER, queueNames } from './amqp-topology';
import { declareQuorumQueue, retryQueueArguments } from './quorum-queues';

const RETRY_DELAY_MS = 120_000;

describe('retry and dead-letter queues become quorum queues, classic ones of an earlier version migrated', () => {
  const run = new TestRun();
  const queues = queueNames('probe', run.queuePrefix);
  const retryQueue = queues.retry(RETRY_DELAY_MS);
  const orphan = `${run.queuePrefix}orphan`;
  let connection: ChannelModel;
  const servers: AmqpEventsServer[] = [];

  /** Whether `queue` exists as a quorum queue with `args`: a declaration that differs is refused (406). */
  const isQuorum = async (queue: string, args: Record<string, unknown> = {}) => {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.assertQueue(queue, { durable: true, arguments: { ...args, 'x-queue-type': 'quorum' } });
      await channel.close();
      return true;
    } catch {
      return false;
    }
  };

  /** Publishes `bodies` straight into `queue`, confirmed, as the earlier version's consumer did. */
  const put = async (queue: string, bodies: string[], attempt: number) => {
    const channel = await connection.createConfirmChannel();
    for (const body of bodies) {
      channel.sendToQueue(queue, Buffer.from(body), { persistent: true, messageId: body, headers: { [HEADER.attempt]: attempt } });
    }
    await channel.waitForConfirms();
    await channel.close();
  };

  beforeAll(async () => {
    connection = await connect(run.amqpUrl);
    connection.on('error', () => undefined);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of [retryQueue, orphan, queues.deadLetter]) {
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.deleteQueue(`${queue}.migrating`).catch(() => undefined);
    }
    await connection.close();
    await run.cleanUp(['probe']);
  });

  it('two consumers starting at once replace the classic queues by quorum ones and every message is kept', async () => {
    // The topology of the earlier version: classic queues, holding a retry in wait and dead letters.
    const setup = await connection.createChannel();
    await setup.assertQueue(queues.deadLetter, { durable: true });
    await setup.assertQueue(retryQueue, {
      durable: true,
      arguments: { 'x-message-ttl': RETRY_DELAY_MS, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queues.main },
    });
    await setup.close();
    const deadLetters = Array.from({ length: 150 }, (_, i) => `dead-${i}`);
    await put(queues.deadLetter, deadLetters, 3);
    await put(retryQueue, ['retry-1', 'retry-2'], 2);
    expect(await isQuorum(queues.deadLetter)).toBe(false);

    for (let i = 0; i < 2; i++) {
      servers.push(
        new AmqpEventsServer({
          url: run.amqpUrl,
          exchange: run.exchange,
          service: 'probe',
          queuePrefix: run.queuePrefix,
          maxAttempts: 3,
          retryDelaysMs: [RETRY_DELAY_MS],
          prefetch: 10,
        }),
      );
    }
    await Promise.all(servers.map((s) => s.listen(() => undefined)));
    await waitFor('both consumers to be set up', () => servers.every((s) => s.isConnected), 30_000);

    expect(await isQuorum(queues.deadLetter)).toBe(true);
    expect(await isQuorum(retryQueue, retryQueueArguments(RETRY_DELAY_MS, queues.main))).toBe(true);
    const dead = await peekQueue(run.amqpUrl, queues.deadLetter);
    expect(dead.map((m) => m.raw).sort()).toEqual([...deadLetters].sort());
    expect(dead.every((m) => m.headers[HEADER.attempt] === 3)).toBe(true);
    const waiting = await peekQueue(run.amqpUrl, retryQueue);
    expect(waiting.map((m) => m.raw).sort()).toEqual(['retry-1', 'retry-2']);
    expect(waiting.every((m) => m.headers[HEADER.attempt] === 2)).toBe(true);
    // Nothing is left behind: no holding queue, no lock.
    const probe = await connection.createChannel();
    probe.on('error', () => undefined);
    await expect(probe.checkQueue(`${queues.deadLetter}.migrating`)).rejects.toThrow(/NOT_FOUND/);
  }, 60_000);

  it('finishes a migration that stopped after the old queue was deleted: the held messages go into the new queue', async () => {
    const queue = orphan;
    const setup = await connection.createChannel();
    await setup.assertQueue(`${queue}.migrating`, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await setup.close();
    await put(`${queue}.migrating`, ['held-1', 'held-2', 'held-3'], 1);

    expect(await declareQuorumQueue(connection, queue, {}, {})).toBe(3);
    expect((await peekQueue(run.amqpUrl, queue)).map((m) => m.raw)).toEqual(['held-1', 'held-2', 'held-3']);
    // Once done, a declaration finds the quorum queue and does nothing more.
    expect(await declareQuorumQueue(connection, queue, {}, {})).toBeUndefined();
  }, 30_000);
});
