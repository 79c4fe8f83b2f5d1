import { createHash } from 'node:crypto';
import type { Channel } from '../channels/channel';
import type { RecipientKind } from '../inbox/notification.entity';

export interface Recipient {
  kind: RecipientKind;
  id: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** The notification's key: one per source (an event id, a reminder's due point) and recipient. */
export function notificationKey(sourceId: string, recipient: Recipient): string {
  return digest(`${sourceId}\n${recipient.kind}:${recipient.id}`);
}

/** The delivery's key: one per source, recipient and channel (the email's Message-ID is made from it). */
export function deliveryKey(sourceId: string, recipient: Recipient, channel: Channel): string {
  return digest(`${sourceId}\n${recipient.kind}:${recipient.id}\n${channel}`);
}
