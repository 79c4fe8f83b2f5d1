import { Channel, ChannelModel } from 'amqplib';
import { confirmed } from './confirms';

/** AMQP reply codes a refused declaration or deletion closes its channel with. */
const PRECONDITION_FAILED = 406;
const RESOURCE_LOCKED = 405;
const NOT_FOUND = 404;

const MIGRATION_LOCK_WAIT_MS = 60_000;
const MOVE_BATCH = 100;

/**
 * The arguments of a retry queue: a message waits `delayMs`, then is dead-lettered back to `mainQueue`.
 * At-least-once dead-lettering (which quorum queues take only with `reject-publish`) keeps a message
 * in the retry queue until the main queue confirmed it, also while that queue's leader is moving
 * to another node.
 */
export function retryQueueArguments(delayMs: number, mainQueue: string): Record<string, unknown> {
  return {
    'x-message-ttl': delayMs,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': mainQueue,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/**
 * Declares `queue` as a durable quorum queue with `args`. A classic queue of that name declared
 * by an earlier version with `earlierArgs` cannot change type in place, so it is replaced without
 * losing a message: under a lock (an exclusive queue, released when its connection goes, so
 * instances starting at once take turns), its messages are moved to the quorum queue
 * `<queue>.migrating`, the old queue is deleted once empty (atomically: a message an instance of
 * the earlier version puts in meanwhile keeps it and is moved on the next round), the new one is
 * declared and the held messages are moved into it. Each move acks a message only after the
 * broker confirmed its copy. A migration interrupted half way is finished by the next
 * declaration. Returns how many messages were moved into the new queue, or undefined when it was
 * there already; throws when the queue exists declared otherwise than both.
 */
export async function declareQuorumQueue(
  model: ChannelModel,
  queue: string,
  args: Record<string, unknown>,
  earlierArgs: Record<string, unknown>,
): Promise<number | undefined> {
  const options = { durable: true, arguments: { ...args, 'x-queue-type': 'quorum' } };
  const holding = `${queue}.migrating`;
  const declare = () => onChannel(model, (channel) => channel.assertQueue(queue, options), [PRECONDITION_FAILED]);
  if ((await declare()) === undefined && !(await exists(model, holding))) return undefined;

  return withLock(model, `${queue}.migration-lock`, async () => {
    const replace = (await declare()) !== undefined;
    if (replace) {
      const earlier = await onChannel(
        model,
        (c) => c.assertQueue(queue, { durable: true, arguments: { ...earlierArgs, 'x-queue-type': 'classic' } }),
        [PRECONDITION_FAILED],
      );
      if (earlier !== undefined)
        throw new Error(`${queue} exists with other arguments than this version or the earlier one declares it with`);
      await onChannel(model, (c) => c.assertQueue(holding, { durable: true, arguments: { 'x-queue-type': 'quorum' } }));
      do await moveAll(model, queue, holding);
      while ((await onChannel(model, (c) => c.deleteQueue(queue, { ifEmpty: true }), [PRECONDITION_FAILED])) !== undefined);
      await onChannel(model, (c) => c.assertQueue(queue, options));
    }
    if (!(await exists(model, holding))) return replace ? 0 : undefined;
    // Only the holder of the lock puts messages in the holding queue: once moved, it can go (a
    // quorum queue cannot be deleted "if empty").
    const moved = await moveAll(model, holding, queue);
    await onChannel(model, (c) => c.deleteQueue(holding));
    return moved;
  });
}

/**
 * Runs `work` on a channel of its own; resolves to the reply code when the broker refused it with
 * one of `refusals` (which closes that channel only), else to undefined. A fresh channel each time: a channel that used a queue keeps its type, and
 * RabbitMQ 3.10 fails the channel that publishes to the queue of that name after it was declared
 * again with another type.
 */
async function onChannel(
  model: ChannelModel,
  work: (channel: Channel) => Promise<unknown>,
  refusals: number[] = [],
): Promise<number | undefined> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    await work(channel);
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code !== undefined && refusals.includes(code)) return code;
    throw error;
  }
  await channel.close().catch(() => undefined);
  return undefined;
}

async function exists(model: ChannelModel, queue: string): Promise<boolean> {
  return (await onChannel(model, (channel) => channel.checkQueue(queue), [NOT_FOUND])) === undefined;
}

/** Holds `lock` (an exclusive queue: one connection of the cluster at a time) while `work` runs. */
async function withLock<T>(model: ChannelModel, lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + MIGRATION_LOCK_WAIT_MS;
  while ((await onChannel(model, (c) => c.assertQueue(lock, { exclusive: true }), [RESOURCE_LOCKED])) !== undefined) {
    if (Date.now() > deadline) throw new Error(`${lock} is still held after ${MIGRATION_LOCK_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    return await work();
  } finally {
    await onChannel(model, (c) => c.deleteQueue(lock)).catch(() => undefined);
  }
}

/** Moves every message of `from` to `to` on a channel of its own, acking each batch on `from` only after the broker confirmed its copies. */
async function moveAll(model: ChannelModel, from: string, to: string): Promise<number> {
  const channel = await model.createConfirmChannel();
  channel.on('error', () => undefined);
  let moved = 0;
  for (;;) {
    const batch = [];
    while (batch.length < MOVE_BATCH) {
      const message = await channel.get(from, { noAck: false });
      if (!message) break;
      channel.sendToQueue(to, message.content, message.properties);
      batch.push(message);
    }
    if (batch.length === 0) {
      await channel.close();
      return moved;
    }
    await confirmed(channel);
    for (const message of batch) channel.ack(message);
    moved += batch.length;
  }
}
