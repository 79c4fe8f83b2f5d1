import type { Channel } from '../channels/channel';

/** What the notifier needs to know of sending: the outside channels that have a sender, and how long a message settles. */
export interface NotifyOptions {
  enabledChannels: readonly Exclude<Channel, 'INBOX'>[];
  /** DELIVERY_SETTLE_MS: a message waits this long after its event at least, so messages go out in their events' order. */
  settleMs: number;
}

export const NOTIFY_OPTIONS = Symbol('NOTIFY_OPTIONS');
