import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { HeaderValue } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError } from 'smtp-server';

/** A message the sink took, as a mail client reads it. */
export interface ReceivedMail {
  /** The Message-ID header, angle brackets included. */
  messageId: string | undefined;
  /** The envelope's recipients (RCPT TO): who the message was delivered to. */
  to: string[];
  subject: string;
  text: string;
  /** Every header by lower-case name, decoded (a structured header with its parameters, addresses as text). */
  headers: Record<string, string>;
  receivedAt: Date;
}

/** Where a planned failure answers: the recipient (RCPT TO) or the end of the message (DATA). */
export type SmtpFailurePoint = 'RCPT' | 'DATA';

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  port: number;
  /** Every message taken so far, oldest first. */
  messages(): ReceivedMail[];
  /** The first message, taken already or yet to come, that `predicate` accepts; rejects after `timeoutMs`. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** The next `n` answers at `at` (RCPT by default) refuse with `code` and `message`, e.g. 451 to defer, 550 to reject. */
  failNext(n: number, code: number, message?: string, at?: SmtpFailurePoint): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server for tests (smtp-server on 127.0.0.1, a free port, no authentication, no TLS)
 * that parses each message it takes (mailparser) and keeps it. A client speaks to it as it would
 * to a relay: the same commands, the same replies, and refusals on demand.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const arrivals = new Set<(mail: ReceivedMail) => void>();
  let failure: { remaining: number; code: number; message: string; at: SmtpFailurePoint } | undefined;

  /** The planned refusal for this answer, if one is left. */
  const refusal = (at: SmtpFailurePoint): SMTPServerError | undefined => {
    if (!failure || failure.at !== at || failure.remaining <= 0) return undefined;
    failure.remaining -= 1;
    const error: SMTPServerError = new Error(failure.message);
    error.responseCode = failure.code;
    return error;
  };

  const take = async (stream: SMTPServerDataStream, recipients: string[]): Promise<string> => {
    // Loaded on the first message: most suites that load the test kit never receive mail.
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(stream);
    const mail: ReceivedMail = {
      messageId: parsed.messageId,
      to: recipients,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      headers: Object.fromEntries([...parsed.headers].map(([name, value]) => [name, headerText(value)])),
      receivedAt: new Date(),
    };
    received.push(mail);
    for (const arrival of arrivals) arrival(mail);
    return `OK: queued as ${randomBytes(5).toString('hex').toUpperCase()}`;
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    // Clients a test leaves connected get a 421 and are closed rather than holding close() up.
    closeTimeout: 100,
    onRcptTo(_address, _session, callback) {
      callback(refusal('RCPT'));
    },
    onData(stream, session, callback) {
      const refused = refusal('DATA');
      if (refused) {
        stream.on('end', () => callback(refused)).resume();
        return;
      }
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      take(stream, recipients).then(
        (reply) => callback(null, reply),
        (error: Error) => callback(error),
      );
    },
  });
  // A client that drops its connection mid-command is not a failure of the test using the sink.
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...received],
    waitFor(predicate, timeoutMs = 5000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const arrival = (mail: ReceivedMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          arrivals.delete(arrival);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.delete(arrival);
          reject(new Error(`no matching message within ${timeoutMs} ms (${received.length} taken)`));
        }, timeoutMs);
        arrivals.add(arrival);
      });
    },
    failNext(n, code, message = 'Refused by the test', at = 'RCPT') {
      failure = { remaining: n, code, message, at };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v: HeaderValue) => headerText(v)).join(', ');
  // An address header has its text; a structured one (Content-Type) its value and parameters; List-* stay JSON.
  const header = value as { text?: unknown; value?: unknown; params?: Record<string, string> };
  if (typeof header.text === 'string') return header.text;
  if (typeof header.value === 'string') {
    return [header.value, ...Object.entries(header.params ?? {}).map(([k, v]) => `${k}=${v}`)].join('; ');
  }
  return JSON.stringify(value);
}
