/** The ways a notification reaches someone. The inbox is the graph's; email and SMS leave the system. */
export const CHANNELS = ['INBOX', 'EMAIL', 'SMS'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Why a provider did not take a message. `retryable` says whether sending again later may
 * succeed (a timeout, a 5xx, a refused connection, throttling) or never will (a bad address,
 * a rejected template, wrong credentials): the dispatcher retries the first and dead-letters the
 * second at once. `message` is for the delivery log staff read: no credentials, no personal data.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** What a provider answered for a message it took. */
export interface DeliveryReceipt {
  /** The provider's id of the message (SMTP's queue id, the SMS API's request or serial id), for the log. */
  providerId?: string;
}

/** An email to send. `key` is the delivery's key (one per event, recipient and channel): the Message-ID is made from it. */
export interface EmailMessage {
  key: string;
  to: string;
  subject: string;
  text: string;
  locale: Locale;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<DeliveryReceipt>;
  close?(): Promise<void> | void;
}

/**
 * A text message to send. Chinese SMS providers send only approved templates: `template` is the
 * provider's template id, `params` its variables in order (the case number, the step, what to do),
 * and `text` the rendered text for the log and for providers without templates.
 */
export interface SmsMessage {
  key: string;
  phone: string;
  template: string;
  params: Record<string, string>;
  text: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<DeliveryReceipt>;
  close?(): Promise<void> | void;
}

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');
export const SMS_SENDER = Symbol('SMS_SENDER');
