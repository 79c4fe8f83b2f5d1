import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startSmtpSink, type SmtpSink } from '@yekuo/testing';
import { DeliveryError, type EmailMessage } from '../channel';
import { loadEmailConfig } from './email.config';
import { SmtpEmailSender } from './smtp-email.sender';

const KEY = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const RECIPIENT = 'chen.yi@example.com';

function message(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    key: KEY,
    to: RECIPIENT,
    subject: '您的用电申请 YK-2025-000123 已受理',
    text: '陈一您好：\n您的新装申请已受理，请于 5 个工作日内补齐营业执照。\n',
    locale: 'zh-CN',
    ...overrides,
  };
}

function senderFor(url: string, timeoutMs = 2000): SmtpEmailSender {
  return new SmtpEmailSender(loadEmailConfig({ SMTP_URL: url, SMTP_TIMEOUT_MS: String(timeoutMs) }));
}

/** What a failed send threw, for assertions on its kind and message. */
async function failureOf(sending: Promise<unknown>): Promise<DeliveryError> {
  const error = await sending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

/** A port nothing listens on: taken from the system, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SmtpEmailSender', () => {
  let sink: SmtpSink;
  let sender: SmtpEmailSender;

  beforeEach(async () => {
    sink = await startSmtpSink();
    sender = senderFor(sink.url);
  });

  afterEach(async () => {
    sender.close();
    await sink.close();
  });

  it('delivers a zh-CN message intact, its Message-ID made from the key', async () => {
    const receipt = await sender.send(message());

    const mail = await sink.waitFor((m) => m.headers['x-yekuo-delivery'] === KEY);
    expect(mail.messageId).toBe(`<${KEY}@yekuo.local>`);
    expect(mail.subject).toBe('您的用电申请 YK-2025-000123 已受理');
    expect(mail.text.trim()).toBe('陈一您好：\n您的新装申请已受理，请于 5 个工作日内补齐营业执照。');
    expect(mail.to).toEqual([RECIPIENT]);
    expect(mail.headers['content-language']).toBe('zh-CN');
    expect(mail.headers['from']).toBe('"Yekuo 业扩报装" <noreply@yekuo.local>');
    expect(mail.headers['content-type']).toMatch(/^text\/plain; charset=utf-8/);
    expect(receipt.providerId).toMatch(/^[0-9A-F]{10}$/);
  });

  it('sends the same key with the same Message-ID every time, and another key with another', async () => {
    const otherKey = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    await sender.send(message());
    await sender.send(message());
    await sender.send(message({ key: otherKey, locale: 'en', subject: 'Your application was accepted' }));

    const ids = sink.messages().map((m) => m.messageId);
    expect(ids).toEqual([`<${KEY}@yekuo.local>`, `<${KEY}@yekuo.local>`, `<${otherKey}@yekuo.local>`]);
    expect(sink.messages()[2].headers['content-language']).toBe('en');
  });

  it('turns a key that is no plain token into a digest, so the Message-ID stays well formed and deterministic', async () => {
    await sender.send(message({ key: 'event 1/<x>@y' }));
    await sender.send(message({ key: 'event 1/<x>@y' }));

    const [first, second] = sink.messages();
    expect(first.messageId).toMatch(/^<[0-9a-f]{64}@yekuo\.local>$/);
    expect(second.messageId).toBe(first.messageId);
    expect(first.headers['x-yekuo-delivery']).toBe(first.messageId?.slice(1, 65));
  });

  it('reports a 451 at RCPT as retryable, naming the code but not the address', async () => {
    sink.failNext(1, 451, `4.7.1 <${RECIPIENT}>: greylisted, try again later`);

    const error = await failureOf(sender.send(message()));

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^SMTP 451 at RCPT TO: .*greylisted/);
    expect(error.message).not.toContain('chen.yi');
    expect(error.message).not.toContain('example.com');
    expect(sink.messages()).toHaveLength(0);
  });

  it('reports a 452 at DATA and a 421 as retryable', async () => {
    sink.failNext(1, 452, 'Insufficient system storage', 'DATA');
    const full = await failureOf(sender.send(message()));
    expect(full.retryable).toBe(true);
    expect(full.message).toMatch(/^SMTP 452/);

    sink.failNext(1, 421, 'Service not available, closing channel');
    const closing = await failureOf(sender.send(message()));
    expect(closing.retryable).toBe(true);
    expect(closing.message).toMatch(/^SMTP 421/);
  });

  it('reports a 550 as not retryable, without the address the server echoed', async () => {
    sink.failNext(1, 550, `5.1.1 <${RECIPIENT}>: Recipient address rejected: mailbox unavailable`);

    const error = await failureOf(sender.send(message()));

    expect(error.retryable).toBe(false);
    expect(error.message).toBe('SMTP 550 at RCPT TO: 5.1.1 <address>: Recipient address rejected: mailbox unavailable');
  });

  it('reports a 553 at DATA as not retryable', async () => {
    sink.failNext(1, 553, 'Message refused by policy', 'DATA');

    const error = await failureOf(sender.send(message()));

    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^SMTP 553 at DATA: Message refused by policy/);
  });

  it('delivers again once the server stops refusing', async () => {
    sink.failNext(1, 451, 'try again later');
    await failureOf(sender.send(message()));

    await sender.send(message());

    expect(sink.messages().map((m) => m.messageId)).toEqual([`<${KEY}@yekuo.local>`]);
  });

  it('reports a refused connection as retryable, without the credentials of SMTP_URL', async () => {
    const port = await closedPort();
    const unreachable = senderFor(`smtp://yekuo:s3cret@127.0.0.1:${port}`);
    try {
      const error = await failureOf(unreachable.send(message()));

      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/^SMTP E[A-Z]+ \(ECONNREFUSED\)/);
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain(RECIPIENT);
    } finally {
      unreachable.close();
    }
  });

  it('reports a server that never greets as a retryable timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const mute = senderFor(`smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, 300);
    try {
      const error = await failureOf(mute.send(message()));

      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/^SMTP ETIMEDOUT/);
    } finally {
      mute.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
