import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { ERROR_CODES, type NodemailerError } from 'nodemailer/lib/errors';
import { DeliveryError, type DeliveryReceipt, type EmailMessage, type EmailSender } from '../channel';
import { type EmailConfig, senderDomain } from './email.config';

/** Failures without an SMTP reply that sending the same message again cannot cure: credentials, the envelope, the message, a setting. */
const NEVER_RETRYABLE = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'EREQUIRETLS', 'ECONFIG']);

/**
 * Sends email through one SMTP relay over a pool of connections. Each message's Message-ID is made
 * from its delivery key, so a message the dispatcher sends again after an unclear failure is the
 * same message to every server and mail client that deduplicates.
 */
export class SmtpEmailSender implements EmailSender {
  private readonly transport: ReturnType<typeof createPool>;
  private readonly domain: string;

  constructor(private readonly config: EmailConfig) {
    const domain = senderDomain(config.EMAIL_FROM);
    if (!domain) throw new Error('EMAIL_FROM names no single address');
    this.domain = domain;
    this.transport = createPool(config);
  }

  async send(message: EmailMessage): Promise<DeliveryReceipt> {
    const id = deliveryId(message.key);
    try {
      const info = await this.transport.sendMail({
        from: this.config.EMAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${id}@${this.domain}>`,
        headers: { 'Content-Language': message.locale, 'X-Yekuo-Delivery': id },
      });
      return { providerId: info.serverMessageId ?? queueIdIn(info.response) };
    } catch (error) {
      throw deliveryErrorOf(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The email sender the configuration asks for, or undefined when email is turned off. */
export function emailSenderFrom(config: EmailConfig): EmailSender | undefined {
  return config.EMAIL_ENABLED ? new SmtpEmailSender(config) : undefined;
}

function createPool(config: EmailConfig) {
  return createTransport({
    url: config.SMTP_URL,
    pool: true,
    connectionTimeout: config.SMTP_TIMEOUT_MS,
    greetingTimeout: config.SMTP_TIMEOUT_MS,
    // A relay that stops answering mid-delivery fails the send in time for the dispatcher to retry it.
    socketTimeout: config.SMTP_TIMEOUT_MS,
  });
}

/** The key as the Message-ID and X-Yekuo-Delivery carry it: itself when it is a plain token (a hex digest is), else its SHA-256. */
export function deliveryId(key: string): string {
  return /^[A-Za-z0-9_-]{1,128}$/.test(key) ? key : createHash('sha256').update(key).digest('hex');
}

/** The relay's queue id in its final reply (`250 2.0.0 Ok: queued as 4BqX9`, `250 OK id=1tQ2-0003`), if it names one. */
function queueIdIn(response: string): string | undefined {
  return /(?:queued as|id=)\s*([A-Za-z0-9._-]+)/i.exec(response)?.[1];
}

/**
 * A failed send as the dispatcher reads it. An SMTP reply decides by its class: 4xx is temporary
 * (greylisting, a full queue, the server closing), 5xx is final (no such mailbox, refused sender),
 * except 503, which says the session was out of step rather than that the message was refused.
 * Without a reply, a refused or dropped connection and a timeout are worth another try; a missing
 * credential or a malformed message is not. The message names the code and the reason only.
 */
export function deliveryErrorOf(error: unknown): DeliveryError {
  const failure = (error ?? {}) as NodemailerError;
  const reply = failure.responseCode;
  if (typeof reply === 'number') {
    const at = failure.command ? ` at ${failure.command}` : '';
    return new DeliveryError(`SMTP ${reply}${at}: ${replyReason(failure.response)}`, reply < 500 || reply === 503);
  }
  const code = failure.code;
  if (!code) return new DeliveryError('SMTP delivery failed', true);
  const detail = failure.originalCode ?? failure.timeoutType;
  const description = (ERROR_CODES as Record<string, string>)[code] ?? 'delivery failed';
  return new DeliveryError(`SMTP ${code}${detail ? ` (${detail})` : ''}: ${description}`, !NEVER_RETRYABLE.has(code));
}

/** The server's reply text without its code, addresses blanked (servers echo the recipient), on one short line. */
function replyReason(response: string | undefined): string {
  const reason = (response ?? '')
    .replace(/^\d{3}[ -]?/, '')
    .replace(/<[^<>]*@[^<>]*>|[^\s<>]+@[^\s<>]+/g, '<address>')
    .replace(/\s+/g, ' ')
    .trim();
  return reason.length > 160 ? `${reason.slice(0, 157)}...` : reason || 'no reason given';
}
