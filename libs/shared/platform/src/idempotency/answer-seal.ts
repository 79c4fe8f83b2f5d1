import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { IdempotentRequest } from './idempotent-request';

// A kept answer can hold what its caller was allowed to see (a customer's identity number, a
// contract's parties). It is stored sealed with AES-256-GCM under a key derived from the
// Idempotency-Key itself, and the table keeps only the key's SHA-256: the database alone opens no
// answer; a retry, which carries the key, does.

const IV_BYTES = 12;
const TAG_BYTES = 16;
const INFO = 'yekuo idempotent answer v1';

/** What the table stores in place of the key. */
export function keyHashOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function sealingKey(request: IdempotentRequest): Buffer {
  return Buffer.from(hkdfSync('sha256', request.key, `${request.principal}\n${request.operation}`, INFO, 32));
}

/** `iv ‖ tag ‖ ciphertext` of the answer's JSON. */
export function sealAnswer(request: IdempotentRequest, answer: unknown): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(request), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The answer sealed by `sealAnswer` for the same key, caller and operation; throws when it was altered. */
export function openAnswer(request: IdempotentRequest, sealed: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(request), sealed.subarray(0, IV_BYTES));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const json = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  return JSON.parse(json) as unknown;
}
