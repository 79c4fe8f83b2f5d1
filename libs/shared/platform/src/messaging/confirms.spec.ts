import type { ConfirmChannel } from 'amqplib';
import { confirmed, ConfirmsOverdueError } from './confirms';

/** A confirm channel whose confirms come as `confirms` settles, and which records being closed. */
function channelWith(confirms: Promise<void>) {
  const channel = { closed: 0, waitForConfirms: () => confirms, close: () => ((channel.closed += 1), Promise.resolve()) };
  return channel;
}

describe('confirmed', () => {
  it('resolves once the broker confirmed, keeping the channel', async () => {
    const channel = channelWith(Promise.resolve());
    await expect(confirmed(channel as unknown as ConfirmChannel, 1000)).resolves.toBeUndefined();
    expect(channel.closed).toBe(0);
  });

  it('passes a nack on and keeps the channel, whose other confirms came', async () => {
    const channel = channelWith(Promise.reject(new Error('message nacked')));
    await expect(confirmed(channel as unknown as ConfirmChannel, 1000)).rejects.toThrow('message nacked');
    expect(channel.closed).toBe(0);
  });

  it('closes the channel when its confirms are overdue, so that later publishes do not wait behind them', async () => {
    const channel = channelWith(new Promise<void>(() => undefined));
    const overdue = confirmed(channel as unknown as ConfirmChannel, 50);
    await expect(overdue).rejects.toThrow('the broker did not confirm within 0.05 s; the channel is closed and opened again');
    await expect(overdue).rejects.toBeInstanceOf(ConfirmsOverdueError);
    expect(channel.closed).toBe(1);
  });
});
