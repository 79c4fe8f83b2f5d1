import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigError } from '../config/config';
import { DOCUMENT_KEY_RING, DocumentCipher, DocumentIntegrityError, looksSealed, sealedLength, WrappedDataKey } from './document-cipher';
import { checkKeyRingConfig, KeyRing, loadKeyRing } from './key-ring';

const CHUNK = 1024;
const ring = (entries: [string, Buffer][], active: string): KeyRing => ({
  keys: new Map(entries),
  activeKeyId: active,
  development: false,
});
const k1 = randomBytes(32);
const cipher = new DocumentCipher(ring([['k1', k1]], 'k1'), CHUNK);

/** Seals through the stream, feeding it in pieces of `piece` bytes. */
async function sealStreamed(plain: Buffer, piece = 300): Promise<WrappedDataKey & { sealed: Buffer }> {
  const { stream, ...key } = cipher.sealer();
  const out: Buffer[] = [];
  const pieces = Array.from({ length: Math.ceil(plain.length / piece) }, (_, i) => plain.subarray(i * piece, (i + 1) * piece));
  await pipeline(Readable.from(pieces), stream, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return { ...key, sealed: Buffer.concat(out) };
}

async function openStreamed(key: WrappedDataKey, sealed: Buffer, piece = 700): Promise<Buffer> {
  const out: Buffer[] = [];
  const pieces = Array.from({ length: Math.ceil(sealed.length / piece) }, (_, i) => sealed.subarray(i * piece, (i + 1) * piece));
  await pipeline(Readable.from(pieces), cipher.opener(key), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
}

describe('DocumentCipher (chunked envelope encryption)', () => {
  it('round-trips streamed and in memory, for empty, partial, exact and many chunks, with the predicted length', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 17]) {
      const plain = randomBytes(size);
      const streamed = await sealStreamed(plain);
      expect(streamed.sealed.length).toBe(sealedLength(size, CHUNK));
      expect(await openStreamed(streamed, streamed.sealed)).toEqual(plain);
      expect(cipher.open(streamed, streamed.sealed)).toEqual(plain);
      const inMemory = cipher.seal(plain);
      expect(inMemory.sealed.length).toBe(sealedLength(size, CHUNK));
      expect(await openStreamed(inMemory, inMemory.sealed)).toEqual(plain);
    }
  });

  it('never shows the plaintext, and seals the same file differently each time (own data key and nonce prefix)', () => {
    const plain = Buffer.from('%PDF-1.7 居民身份证 310104198805056666 '.repeat(100));
    const a = cipher.seal(plain);
    const b = cipher.seal(plain);
    expect(looksSealed(a.sealed)).toBe(true);
    expect(a.sealed.includes(Buffer.from('%PDF'))).toBe(false);
    expect(a.sealed.includes(Buffer.from('310104198805056666'))).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
    expect(a.sealed.subarray(17).equals(b.sealed.subarray(17))).toBe(false);
    expect(a.keyId).toBe('k1');
  });

  it('refuses a flipped byte anywhere (header, a middle chunk, a tag), streamed and in memory', async () => {
    const plain = randomBytes(4 * CHUNK);
    const { sealed, ...key } = cipher.seal(plain);
    for (const at of [5, 9, 17 + CHUNK + 16 + 100, 17 + 2 * (CHUNK + 16) - 1, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] ^= 0x01;
      expect(() => cipher.open(key, bad)).toThrow(DocumentIntegrityError);
      await expect(openStreamed(key, bad)).rejects.toThrow(DocumentIntegrityError);
    }
  });

  it('refuses a file cut at a chunk boundary, in a chunk, or to its header; and chunks swapped', async () => {
    const plain = randomBytes(3 * CHUNK + 10);
    const { sealed, ...key } = cipher.seal(plain);
    const sealedChunk = CHUNK + 16;
    for (const length of [17 + 2 * sealedChunk, 17 + sealedChunk + 40, 17, 10]) {
      await expect(openStreamed(key, sealed.subarray(0, length))).rejects.toThrow(DocumentIntegrityError);
      expect(() => cipher.open(key, sealed.subarray(0, length))).toThrow(DocumentIntegrityError);
    }
    const first = sealed.subarray(17, 17 + sealedChunk);
    const second = sealed.subarray(17 + sealedChunk, 17 + 2 * sealedChunk);
    const swapped = Buffer.concat([sealed.subarray(0, 17), second, first, sealed.subarray(17 + 2 * sealedChunk)]);
    await expect(openStreamed(key, swapped)).rejects.toThrow(DocumentIntegrityError);
  });

  it('refuses a file opened with another file’s data key', () => {
    const a = cipher.seal(randomBytes(100));
    const b = cipher.seal(randomBytes(100));
    expect(() => cipher.open({ keyId: b.keyId, wrappedKey: b.wrappedKey }, a.sealed)).toThrow(DocumentIntegrityError);
  });

  it('rotation re-wraps the data key under the active key; the sealed bytes still open, the old key is no longer needed', () => {
    const plain = randomBytes(2 * CHUNK);
    const { sealed, ...old } = cipher.seal(plain);
    const k2 = randomBytes(32);
    const rotated = new DocumentCipher(
      ring(
        [
          ['k1', k1],
          ['k2', k2],
        ],
        'k2',
      ),
      CHUNK,
    );
    const rewrapped = rotated.rewrap(old);
    expect(rewrapped.keyId).toBe('k2');
    expect(new DocumentCipher(ring([['k2', k2]], 'k2'), CHUNK).open(rewrapped, sealed)).toEqual(plain);
    expect(() => cipher.open(rewrapped, sealed)).toThrow(/not configured/);
    // The key id is authenticated with the wrapped key: relabelling it does not open.
    const relabelled = new DocumentCipher(
      ring(
        [
          ['k1', k1],
          ['k3', k1],
        ],
        'k1',
      ),
      CHUNK,
    );
    expect(() => relabelled.open({ ...old, keyId: 'k3' }, sealed)).toThrow(DocumentIntegrityError);
  });
});

describe('DocumentCipher streaming', () => {
  it('streams 9 MiB through sealing and opening with bounded buffering (never the whole file in memory)', async () => {
    const piece = 16 * 1024;
    const total = 9 * 1024 * 1024;
    const streaming = new DocumentCipher(ring([['k1', k1]], 'k1'));
    const { stream: sealer, ...key } = streaming.sealer();
    const opener = streaming.opener(key);
    const plainHash = createHash('sha256');
    const openedHash = createHash('sha256');
    let opened = 0;
    let mostBuffered = 0;
    function* source() {
      for (let sent = 0; sent < total; sent += piece) {
        const bytes = randomBytes(piece);
        plainHash.update(bytes);
        yield bytes;
      }
    }
    await pipeline(source(), sealer, opener, async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        openedHash.update(chunk);
        opened += chunk.length;
        mostBuffered = Math.max(
          mostBuffered,
          sealer.readableLength + sealer.writableLength + opener.readableLength + opener.writableLength,
        );
      }
    });
    expect(opened).toBe(total);
    expect(openedHash.digest('hex')).toBe(plainHash.digest('hex'));
    // Each stage holds at most a chunk or two and its stream buffers: far below the file's 9 MiB.
    expect(mostBuffered).toBeLessThan(1024 * 1024);
  });
});

describe('document key ring configuration', () => {
  const b64 = () => randomBytes(32).toString('base64');

  it('requires both settings in production and names each one; an active key id must name a key', () => {
    expect(
      checkKeyRingConfig(DOCUMENT_KEY_RING, { NODE_ENV: 'production' })
        ?.problems.map((p) => p.variable)
        .sort(),
    ).toEqual(['DOCUMENT_ACTIVE_KEY_ID', 'DOCUMENT_KEYS']);
    expect(checkKeyRingConfig(DOCUMENT_KEY_RING, { DOCUMENT_KEYS: `a:${b64()}`, DOCUMENT_ACTIVE_KEY_ID: 'b' })?.problems).toEqual([
      { variable: 'DOCUMENT_ACTIVE_KEY_ID', message: 'names no key in DOCUMENT_KEYS' },
    ]);
    expect(checkKeyRingConfig(DOCUMENT_KEY_RING, { DOCUMENT_KEYS: 'a:short', DOCUMENT_ACTIVE_KEY_ID: 'a' })).toBeInstanceOf(ConfigError);
  });

  it('loads configured keys, or generates one development key once and reuses it', async () => {
    const loaded = await loadKeyRing(DOCUMENT_KEY_RING, {
      NODE_ENV: 'production',
      DOCUMENT_KEYS: `old:${b64()},new:${b64()}`,
      DOCUMENT_ACTIVE_KEY_ID: 'new',
    });
    expect([[...loaded.keys.keys()], loaded.activeKeyId, loaded.development]).toEqual([['old', 'new'], 'new', false]);
    const dir = mkdtempSync(join(tmpdir(), 'document-keys-'));
    const [a, b] = await Promise.all([
      loadKeyRing(DOCUMENT_KEY_RING, { DEV_KEY_DIR: dir }),
      loadKeyRing(DOCUMENT_KEY_RING, { DEV_KEY_DIR: dir }),
    ]);
    expect(a.development).toBe(true);
    expect(a.keys.get(a.activeKeyId)).toEqual(b.keys.get(b.activeKeyId));
  });
});
