import { createHmac, randomUUID } from 'node:crypto';
import { SYSTEM_TIME, TimeSource } from '@yekuo/platform';
import { DeliveryError, DeliveryReceipt, SmsMessage, SmsSender } from '../channel';

/** Alibaba Cloud SMS (阿里云短信服务), the mainland endpoint. */
export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

export interface AliyunSmsSettings {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved sign name (签名) every message carries, without the 【】 the handset shows around it. */
  signName: string;
  /** How long one request may take, answer included. */
  timeoutMs: number;
}

/**
 * The refusals after which the same message may still go through later: per-number frequency
 * control, API throttling, a faulty provider, and a nonce seen before (each attempt signs anew).
 * Every other code needs someone to act first (a bad number, an unapproved template or sign,
 * wrong credentials, a spent quota or balance, a wrong clock), so it is dead-lettered at once.
 */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'SignatureNonceUsed',
  'isp.SYSTEM_ERROR',
  'InternalError',
  'ServiceUnavailable',
]);

/** Statuses a later attempt may get past even without a code to read. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429]);

/**
 * Sends SMS through Alibaba Cloud's `SendSms` (API version 2017-05-25), signed with the RPC
 * signature (HMAC-SHA1, version 1.0). The parameters travel in a form-encoded POST body rather
 * than the URL, so the phone number stays out of access logs along the way.
 */
export class AliyunSmsSender implements SmsSender {
  constructor(
    private readonly settings: AliyunSmsSettings,
    private readonly time: TimeSource = SYSTEM_TIME,
  ) {}

  async send(message: SmsMessage): Promise<DeliveryReceipt> {
    const params = this.requestParams(message);
    const signature = rpcSignature('POST', params, this.settings.accessKeySecret);
    const { status, answer } = await this.post(`${canonicalQuery(params)}&Signature=${percentEncode(signature)}`);
    if (status >= 200 && status < 300 && answer?.Code === 'OK') {
      return { providerId: typeof answer.BizId === 'string' ? answer.BizId : undefined };
    }
    throw refusal(status, answer);
  }

  /**
   * The common RPC parameters (RegionId as the provider's own examples send it) and SendSms's own;
   * `OutId` lets the provider's status reports name the delivery.
   */
  private requestParams(message: SmsMessage): Record<string, string> {
    const params: Record<string, string> = {
      AccessKeyId: this.settings.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: message.key,
      PhoneNumbers: message.phone,
      RegionId: 'cn-hangzhou',
      SignName: this.settings.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: message.template,
      Timestamp: rpcTimestamp(this.time.now()),
      Version: '2017-05-25',
    };
    if (Object.keys(message.params).length > 0) params.TemplateParam = JSON.stringify(message.params);
    return params;
  }

  private async post(body: string): Promise<{ status: number; answer?: AliyunAnswer }> {
    try {
      const response = await fetch(this.settings.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      return { status: response.status, answer: parseAnswer(await response.text()) };
    } catch (error) {
      throw unreachable(error, this.settings.timeoutMs);
    }
  }
}

/** What SendSms answers (`Format=JSON`): `Code` is `OK` or the reason it did not take the message. */
interface AliyunAnswer {
  Code?: unknown;
  BizId?: unknown;
  RequestId?: unknown;
}

function parseAnswer(text: string): AliyunAnswer | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The DeliveryError for an answer that is not a success. It names the provider's code and request
 * id (for a support ticket) but never its `Message`, which may echo the number.
 */
function refusal(status: number, answer: AliyunAnswer | undefined): DeliveryError {
  const code = tokenOf(answer?.Code);
  const requestId = tokenOf(answer?.RequestId);
  const retryable = status >= 500 || RETRYABLE_STATUSES.has(status) || (code !== undefined && RETRYABLE_CODES.has(code));
  const detail = [`HTTP ${status}`, requestId && `request ${requestId}`].filter(Boolean).join(', ');
  if (code) return new DeliveryError(`Aliyun SMS refused the message: ${code} (${detail})`, retryable);
  // A success status without a readable answer is likely a proxy in the way: worth another try.
  return new DeliveryError(`Aliyun SMS gave no readable answer (${detail})`, retryable || (status >= 200 && status < 300));
}

/**
 * A network failure or the timeout: always worth another try. Only the error's code is kept, never
 * its text. The timeout is a DOMException, told by its name (it need not be `instanceof Error`).
 */
function unreachable(error: unknown, timeoutMs: number): DeliveryError {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return new DeliveryError(`Aliyun SMS did not answer within ${timeoutMs} ms`, true);
  const code = typeof cause?.code === 'string' && /^[A-Z0-9_]+$/.test(cause.code) ? cause.code : 'unreachable';
  return new DeliveryError(`Aliyun SMS could not be reached: ${code}`, true);
}

/** A provider-given identifier fit for the log: short and plain, or nothing. */
function tokenOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : undefined;
}

/**
 * Percent-encoding as the RPC signature defines it (RFC 3986): only `A-Z a-z 0-9 - _ . ~` stay as
 * they are, UTF-8 bytes otherwise, a space is `%20`. encodeURIComponent also spares `! ' ( ) *`.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The parameters sorted by name, each `name=value` percent-encoded, joined by `&`. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name])}`)
    .join('&');
}

/** `METHOD&%2F&` and the canonical query, percent-encoded once more. */
export function stringToSign(method: string, params: Record<string, string>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** Base64 of HMAC-SHA1 over the string to sign, keyed with the secret and a trailing `&`. */
export function rpcSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** ISO 8601 in UTC to the second, as `Timestamp` wants it: `2016-02-23T12:46:24Z`. */
export function rpcTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
