import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@yekuo/platform';
import { normalizeIdNumber, normalizeName, PiiCipher, PiiDecryptionError } from './pii-cipher';
import { checkPiiConfig, loadPiiKeys, PiiKeys } from './pii.config';

const key = () => randomBytes(32);
const keys = (entries: [string, Buffer][], active: string, hmacKey = Buffer.alloc(32, 7)): PiiKeys => ({
  keys: new Map(entries),
  activeKeyId: active,
  hmacKey,
  development: false,
});

describe('PiiCipher', () => {
  const k1 = key();
  const cipher = new PiiCipher(keys([['k1', k1]], 'k1'));

  it('round-trips and never shows the clear value in the sealed form', () => {
    const sealed = cipher.seal('310104198805056666', 'customer.id_number');
    expect(sealed.keyId).toBe('k1');
    expect(sealed.cipher).not.toContain('310104198805056666');
    expect(Buffer.from(sealed.cipher, 'base64url').toString('latin1')).not.toContain('198805');
    expect(cipher.open(sealed, 'customer.id_number')).toBe('310104198805056666');
  });

  it('seals the same value differently each time (random IV)', () => {
    expect(cipher.seal('abc', 'p').cipher).not.toBe(cipher.seal('abc', 'p').cipher);
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const sealed = cipher.seal('310104198805056666', 'customer.id_number');
    const raw = Buffer.from(sealed.cipher, 'base64url');
    for (const at of [0, 13, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] ^= 0x01;
      expect(() => cipher.open({ ...sealed, cipher: bad.toString('base64url') }, 'customer.id_number')).toThrow(PiiDecryptionError);
    }
    expect(() => cipher.open({ ...sealed, cipher: raw.subarray(0, 20).toString('base64url') }, 'customer.id_number')).toThrow(
      PiiDecryptionError,
    );
  });

  it('refuses a value sealed for another purpose', () => {
    const sealed = cipher.seal('x', 'customer.id_number');
    expect(() => cipher.open(sealed, 'customer.phone')).toThrow(PiiDecryptionError);
  });

  it('rotation: values sealed under the old key still open once a new key is active; new values use the new key', () => {
    const old = cipher.seal('E12345678', 'customer.id_number');
    const rotated = new PiiCipher(
      keys(
        [
          ['k1', k1],
          ['k2', key()],
        ],
        'k2',
      ),
    );
    expect(rotated.open(old, 'customer.id_number')).toBe('E12345678');
    const fresh = rotated.seal('E12345678', 'customer.id_number');
    expect(fresh.keyId).toBe('k2');
    expect(() => cipher.open(fresh, 'customer.id_number')).toThrow(/not configured/);
  });

  it('a key id relabelled on the row does not decrypt (the key id is authenticated)', () => {
    const both = new PiiCipher(
      keys(
        [
          ['k1', k1],
          ['k2', k1],
        ],
        'k1',
      ),
    );
    const sealed = both.seal('x', 'p');
    expect(() => both.open({ ...sealed, keyId: 'k2' }, 'p')).toThrow(PiiDecryptionError);
  });

  it('blind indexes match however the number or name is written, and differ by key', () => {
    expect(cipher.idNumberIndex('31010419880505666x')).toBe(cipher.idNumberIndex(' 310104-19880505666X '));
    expect(cipher.nameIndex('王小明')).toBe(cipher.nameIndex(' 王小明 '));
    expect(cipher.nameIndex('ACME  Ltd')).toBe(cipher.nameIndex('acme ltd'));
    expect(cipher.idNumberIndex('E12345678')).toMatch(/^[0-9a-f]{64}$/);
    const other = new PiiCipher(keys([['k1', k1]], 'k1', Buffer.alloc(32, 9)));
    expect(other.idNumberIndex('E12345678')).not.toBe(cipher.idNumberIndex('E12345678'));
    expect(cipher.nameIndex('E12345678')).not.toBe(cipher.idNumberIndex('E12345678'));
  });

  it('normalizes', () => {
    expect(normalizeIdNumber(' ab-12.3 4 ')).toBe('AB1234');
    expect(normalizeName('ＡＣＭＥ　Ltd')).toBe('acme ltd');
  });
});

describe('personal-data configuration', () => {
  const b64 = () => randomBytes(32).toString('base64');

  it('requires every key in production and names each missing variable', () => {
    const error = checkPiiConfig({ NODE_ENV: 'production' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems.map((p) => p.variable).sort()).toEqual(['PII_ACTIVE_KEY_ID', 'PII_HMAC_KEY', 'PII_KEYS']);
  });

  it('names a malformed key list and an active key id that names no key', () => {
    expect(checkPiiConfig({ PII_KEYS: 'k1:short', PII_ACTIVE_KEY_ID: 'k1', PII_HMAC_KEY: b64() })?.problems[0].variable).toBe('PII_KEYS');
    expect(checkPiiConfig({ PII_KEYS: `k1:${b64()}`, PII_ACTIVE_KEY_ID: 'k9', PII_HMAC_KEY: b64() })?.problems[0]).toEqual({
      variable: 'PII_ACTIVE_KEY_ID',
      message: 'names no key in PII_KEYS',
    });
    expect(
      checkPiiConfig({ PII_KEYS: `k1:${b64()}` })
        ?.problems.map((p) => p.variable)
        .sort(),
    ).toEqual(['PII_ACTIVE_KEY_ID', 'PII_HMAC_KEY']);
  });

  it('loads configured keys for rotation', async () => {
    const loaded = await loadPiiKeys({
      NODE_ENV: 'production',
      PII_KEYS: `old:${b64()},new:${b64()}`,
      PII_ACTIVE_KEY_ID: 'new',
      PII_HMAC_KEY: b64(),
    });
    expect([...loaded.keys.keys()]).toEqual(['old', 'new']);
    expect(loaded.activeKeyId).toBe('new');
    expect(loaded.development).toBe(false);
  });

  it('generates development keys once and reuses them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-keys-'));
    const [a, b] = await Promise.all([loadPiiKeys({ PII_DEV_KEY_DIR: dir }), loadPiiKeys({ PII_DEV_KEY_DIR: dir })]);
    expect(a.development).toBe(true);
    expect(a.keys.get(a.activeKeyId)).toEqual(b.keys.get(b.activeKeyId));
    expect(a.hmacKey).toEqual(b.hmacKey);
  });
});
