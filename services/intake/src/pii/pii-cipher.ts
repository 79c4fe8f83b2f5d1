import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { PiiKeys } from './pii.config';

/** A value encrypted at rest and the key it was encrypted with. */
export interface Sealed {
  /** base64url of iv (12 bytes) | tag (16 bytes) | ciphertext */
  cipher: string;
  keyId: string;
}

export class PiiDecryptionError extends Error {
  override name = 'PiiDecryptionError';
}

/**
 * Authenticated encryption (AES-256-GCM) of personal data, and keyed blind indexes
 * (HMAC-SHA256) to find rows by it without storing it readable. `purpose` is bound as
 * associated data, so a value sealed for one column cannot be passed off as another.
 */
export class PiiCipher {
  constructor(private readonly keys: PiiKeys) {}

  get activeKeyId(): string {
    return this.keys.activeKeyId;
  }

  seal(plain: string, purpose: string): Sealed {
    const key = this.keys.keys.get(this.keys.activeKeyId);
    if (!key) throw new Error(`active personal-data key ${this.keys.activeKeyId} is not configured`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${purpose}|${this.keys.activeKeyId}`, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { cipher: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'), keyId: this.keys.activeKeyId };
  }

  open(sealed: Sealed, purpose: string): string {
    const key = this.keys.keys.get(sealed.keyId);
    if (!key) throw new PiiDecryptionError(`personal-data key ${sealed.keyId} is not configured`);
    const raw = Buffer.from(sealed.cipher, 'base64url');
    if (raw.length < 28) throw new PiiDecryptionError('sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${purpose}|${sealed.keyId}`, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiDecryptionError('sealed value failed authentication');
    }
  }

  /** Keyed hash of an already normalized value, hex; equal inputs give equal indexes. */
  blindIndex(normalized: string, purpose: string): string {
    return createHmac('sha256', this.keys.hmacKey).update(`${purpose}|${normalized}`, 'utf8').digest('hex');
  }

  /** Without the ID type: staff search by the number alone. */
  idNumberIndex(idNumber: string): string {
    return this.blindIndex(normalizeIdNumber(idNumber), 'id-number');
  }

  nameIndex(name: string): string {
    return this.blindIndex(normalizeName(name), 'name');
  }
}

/** Upper case, without spaces, dashes and dots: how an ID number is written varies, the number does not. */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.replace(/[\s.-]/g, '').toUpperCase();
}

/** NFKC (full-width to half-width), collapsed whitespace, case-folded. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
