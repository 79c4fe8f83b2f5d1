import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ManualTimeSource } from '@yekuo/platform';
import { DeliveryError, SmsMessage } from '../channel';
import { AliyunSmsSender, AliyunSmsSettings } from './aliyun-sms';

const ACCESS_KEY_ID = 'LTAI-int-test';
const SECRET = 'int-test-secret-Zx9';
const PHONE = '13812345678';
const NOW = '2026-03-01T08:00:00Z';

const message: SmsMessage = {
  key: 'evt-42:customer-7:SMS',
  phone: PHONE,
  template: 'SMS_123456789',
  params: { caseNumber: 'YK-2026-000042', step: '现场勘查', action: '请保持电话畅通' },
  text: '您的业扩申请 YK-2026-000042 已进入现场勘查，请保持电话畅通。',
};

/** The documented rule, byte by byte, written apart from the adapter's so a shared mistake cannot hide. */
function encodeIndependently(text: string): string {
  const unreserved = /^[A-Za-z0-9\-_.~]$/;
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      unreserved.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function expectedSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((name) => `${encodeIndependently(name)}=${encodeIndependently(params[name])}`)
    .join('&');
  const toSign = `${method}&${encodeIndependently('/')}&${encodeIndependently(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

/** `hang`: never a byte back; `stall`: the status and half a body, then nothing. */
type Reply = { status: number; body: string } | 'hang' | 'stall';

const ACCEPTED: Reply = {
  status: 200,
  body: JSON.stringify({ Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'F655A8D5-B967-440B' }),
};

/**
 * A stand-in for dysmsapi: it checks the signature with the shared secret and the parameters as
 * the real one does, refusing what it would refuse, then answers with the reply the test set.
 */
class FakeAliyun {
  readonly received: Record<string, string>[] = [];
  reply: Reply = ACCEPTED;
  private readonly nonces = new Set<string>();
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const params = Object.fromEntries(form);
    const refuse = (status: number, code: string) => this.answer(response, { status, body: JSON.stringify({ Code: code, Message: code }) });

    if (
      request.method !== 'POST' ||
      request.url !== '/' ||
      !request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
    ) {
      return refuse(400, 'MissingParameter');
    }
    if ([...new Set(form.keys())].length !== [...form.keys()].length) return refuse(400, 'InvalidParameter');
    const { Signature: signature, ...signed } = params;
    if (signed.AccessKeyId !== ACCESS_KEY_ID) return refuse(404, 'InvalidAccessKeyId.NotFound');
    if (!signature || signature !== expectedSignature(request.method, signed, SECRET)) return refuse(400, 'SignatureDoesNotMatch');
    if (signed.SignatureMethod !== 'HMAC-SHA1' || signed.SignatureVersion !== '1.0') return refuse(400, 'InvalidSignatureMethod');
    if (signed.Timestamp !== NOW) return refuse(400, 'InvalidTimeStamp.Expired');
    if (this.nonces.has(signed.SignatureNonce)) return refuse(400, 'SignatureNonceUsed');
    this.nonces.add(signed.SignatureNonce);
    if (signed.Action !== 'SendSms' || signed.Version !== '2017-05-25' || signed.Format !== 'JSON') return refuse(400, 'InvalidAction');
    this.received.push(signed);
    if (this.reply === 'hang') return;
    if (this.reply === 'stall') {
      response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).write('{"Code":"O');
      return;
    }
    this.answer(response, this.reply);
  }

  private answer(response: ServerResponse, reply: { status: number; body: string }): void {
    response.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8' }).end(reply.body);
  }
}

async function failureOf(sending: Promise<unknown>): Promise<DeliveryError> {
  const error = await sending.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  expect(error.message).not.toContain(PHONE);
  expect(error.message).not.toContain(SECRET);
  return error;
}

describe('AliyunSmsSender against a local SendSms', () => {
  const fake = new FakeAliyun();
  let settings: AliyunSmsSettings;
  const time = new ManualTimeSource(NOW);
  const sender = (overrides: Partial<AliyunSmsSettings> = {}) => new AliyunSmsSender({ ...settings, ...overrides }, time);

  beforeAll(async () => {
    settings = { endpoint: await fake.start(), accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, signName: '国网业扩', timeoutMs: 2000 };
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.received.length = 0;
    fake.reply = ACCEPTED;
  });

  it('sends a signed SendSms and returns the BizId as the receipt', async () => {
    await expect(sender().send(message)).resolves.toEqual({ providerId: '900619746936498440^0' });

    expect(fake.received).toHaveLength(1);
    const [params] = fake.received;
    expect(params).toMatchObject({
      PhoneNumbers: PHONE,
      TemplateCode: 'SMS_123456789',
      SignName: '国网业扩',
      OutId: 'evt-42:customer-7:SMS',
    });
    expect(JSON.parse(params.TemplateParam)).toEqual(message.params);
  });

  it('signs every request with a fresh nonce', async () => {
    await sender().send(message);
    await sender().send(message);
    expect(fake.received).toHaveLength(2);
    expect(fake.received[0].SignatureNonce).not.toBe(fake.received[1].SignatureNonce);
  });

  it('is caught by the provider when signed with the wrong secret: not retryable', async () => {
    const error = await failureOf(sender({ accessKeySecret: 'not-the-secret' }).send(message));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(error.message).not.toContain('not-the-secret');
    expect(fake.received).toHaveLength(0);
  });

  it('reports an HTTP 5xx as retryable', async () => {
    fake.reply = { status: 500, body: 'upstream failure' };
    const error = await failureOf(sender().send(message));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 500');
  });

  it('reports throttling as retryable, naming the code but not the provider’s message', async () => {
    fake.reply = {
      status: 200,
      body: JSON.stringify({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: `触发分钟级流控 ${PHONE}`, RequestId: 'A1B2-C3D4' }),
    };
    const error = await failureOf(sender().send(message));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(error.message).toContain('A1B2-C3D4');
  });

  it('reports an illegal number as not retryable', async () => {
    fake.reply = { status: 200, body: JSON.stringify({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: `非法手机号 ${PHONE}` }) };
    const error = await failureOf(sender().send(message));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('isv.MOBILE_NUMBER_ILLEGAL');
  });

  it('gives up on a provider that never answers: a retryable timeout', async () => {
    fake.reply = 'hang';
    const started = performance.now();
    const error = await failureOf(sender({ timeoutMs: 300 }).send(message));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Aliyun SMS did not answer within 300 ms');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(fake.received).toHaveLength(1);
  });

  it('gives up on an answer that stops halfway: a retryable timeout', async () => {
    fake.reply = 'stall';
    const error = await failureOf(sender({ timeoutMs: 300 }).send(message));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Aliyun SMS did not answer within 300 ms');
  });

  it('reports a refused connection as retryable', async () => {
    const closed = new FakeAliyun();
    const endpoint = await closed.start();
    await closed.stop();
    const error = await failureOf(sender({ endpoint }).send(message));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Aliyun SMS could not be reached: ECONNREFUSED');
  });
});
