import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { KeyRing } from './key-ring';

/** How a file's data key is kept: wrapped (AES-256-GCM) under a key of the ring, named by its id. */
export interface WrappedDataKey {
  keyId: string;
  wrappedKey: Buffer;
}

/** A stored file or PDF failed authentication: tampered, truncated, reordered, or sealed under another data key. */
export class DocumentIntegrityError extends Error {
  override name = 'DocumentIntegrityError';
}

/** The key ring that wraps document data keys: `DOCUMENT_KEYS`, `DOCUMENT_ACTIVE_KEY_ID`. */
export const DOCUMENT_KEY_RING = { prefix: 'DOCUMENT', devFile: 'document-keys.json' } as const;

const MAGIC = Buffer.from('YKEF', 'latin1');
const VERSION = 1;
/** magic (4) | version (1) | chunk size (4, big-endian) | nonce prefix (8). */
const HEADER_BYTES = 17;
const TAG_BYTES = 16;
const DEFAULT_CHUNK = 64 * 1024;
const MIN_CHUNK = 1024;
const MAX_CHUNK = 16 * 1024 * 1024;

/** Bytes of a file of `plainLength` bytes once sealed: the header, the content, a tag per chunk (at least one). */
export function sealedLength(plainLength: number, chunkSize = DEFAULT_CHUNK): number {
  return HEADER_BYTES + plainLength + TAG_BYTES * Math.max(1, Math.ceil(plainLength / chunkSize));
}

/** Whether `bytes` begins like a sealed file (for tests and diagnostics; the row's key id is what counts). */
export function looksSealed(bytes: Buffer): boolean {
  return bytes.length >= HEADER_BYTES && bytes.subarray(0, 4).equals(MAGIC) && bytes[4] === VERSION;
}

function headerOf(chunkSize: number, noncePrefix: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[4] = VERSION;
  header.writeUInt32BE(chunkSize, 5);
  noncePrefix.copy(header, 9);
  return header;
}

function parseHeader(header: Buffer): number {
  if (!header.subarray(0, 4).equals(MAGIC) || header[4] !== VERSION) throw new DocumentIntegrityError('not a sealed document');
  const chunkSize = header.readUInt32BE(5);
  if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) throw new DocumentIntegrityError('sealed document has an invalid chunk size');
  return chunkSize;
}

/**
 * One chunk, AES-256-GCM. The nonce is the file's random prefix and the chunk's index, so chunks
 * cannot be reordered; the header and whether the chunk is the last are the associated data, so
 * the header cannot be changed and a file cut at a chunk boundary is refused.
 */
function sealChunk(dataKey: Buffer, header: Buffer, index: number, final: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonceOf(header, index));
  cipher.setAAD(Buffer.concat([header, Buffer.of(final ? 1 : 0)]));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function openChunk(dataKey: Buffer, header: Buffer, index: number, final: boolean, sealed: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw new DocumentIntegrityError('sealed document is truncated');
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, nonceOf(header, index));
    decipher.setAAD(Buffer.concat([header, Buffer.of(final ? 1 : 0)]));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DocumentIntegrityError(`chunk ${index} of the sealed document failed authentication`);
  }
}

function nonceOf(header: Buffer, index: number): Buffer {
  if (index > 0xffffffff) throw new DocumentIntegrityError('sealed document has too many chunks');
  const nonce = Buffer.alloc(12);
  header.copy(nonce, 0, 9, HEADER_BYTES);
  nonce.writeUInt32BE(index, 8);
  return nonce;
}

/** Seals a stream chunk by chunk; a chunk is sealed only once it is known whether more follows. */
class SealStream extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;

  constructor(
    private readonly dataKey: Buffer,
    private readonly header: Buffer,
    private readonly chunkSize: number,
  ) {
    super();
    this.push(header);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes > this.chunkSize) {
      let buffered = Buffer.concat(this.pending);
      while (buffered.length > this.chunkSize) {
        this.push(sealChunk(this.dataKey, this.header, this.index++, false, buffered.subarray(0, this.chunkSize)));
        buffered = buffered.subarray(this.chunkSize);
      }
      this.pending = [buffered];
      this.pendingBytes = buffered.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(sealChunk(this.dataKey, this.header, this.index, true, Buffer.concat(this.pending)));
    done();
  }
}

/** Opens a sealed stream chunk by chunk; a failed chunk, a cut or a missing header ends it with DocumentIntegrityError. */
class OpenStream extends Transform {
  private header?: Buffer;
  private sealedChunk = 0;
  private buffered: Buffer = Buffer.alloc(0);
  private index = 0;

  constructor(private readonly dataKey: Buffer) {
    super();
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, data]) : data;
      if (!this.header) {
        if (this.buffered.length < HEADER_BYTES) return done();
        this.header = Buffer.from(this.buffered.subarray(0, HEADER_BYTES));
        this.sealedChunk = parseHeader(this.header) + TAG_BYTES;
        this.buffered = this.buffered.subarray(HEADER_BYTES);
      }
      // A chunk is opened as "not the last" only when bytes after it prove it is not.
      while (this.buffered.length > this.sealedChunk) {
        this.push(openChunk(this.dataKey, this.header, this.index++, false, this.buffered.subarray(0, this.sealedChunk)));
        this.buffered = this.buffered.subarray(this.sealedChunk);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.header) throw new DocumentIntegrityError('sealed document is truncated');
      this.push(openChunk(this.dataKey, this.header, this.index, true, this.buffered));
      done();
    } catch (error) {
      done(error as Error);
    }
  }
}

/**
 * Envelope encryption of stored files (uploads, contract PDFs): each file has its own random
 * 256-bit data key, wrapped under the ring's active key (the key id is kept beside the file), and
 * is sealed in authenticated chunks of 64 KiB, so it streams both ways and a tampered, truncated
 * or reordered chunk is refused. Rotation re-wraps the data key; the file itself never changes.
 */
export class DocumentCipher {
  constructor(
    private readonly ring: KeyRing,
    private readonly chunkSize = DEFAULT_CHUNK,
  ) {
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) throw new Error(`chunk size must lie in ${MIN_CHUNK}..${MAX_CHUNK}`);
  }

  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }

  /** A fresh data key (wrapped under the active key) and a stream that seals under it. */
  sealer(): WrappedDataKey & { stream: Transform } {
    const dataKey = randomBytes(32);
    return { ...this.wrap(dataKey), stream: new SealStream(dataKey, headerOf(this.chunkSize, randomBytes(8)), this.chunkSize) };
  }

  /** A stream that opens what `sealer` sealed under `key`. */
  opener(key: WrappedDataKey): Transform {
    return new OpenStream(this.unwrap(key));
  }

  /** Seals bytes already in memory (a rendered PDF), in the same chunk format. */
  seal(plain: Buffer): WrappedDataKey & { sealed: Buffer } {
    const dataKey = randomBytes(32);
    const header = headerOf(this.chunkSize, randomBytes(8));
    const chunks = [header];
    const count = Math.max(1, Math.ceil(plain.length / this.chunkSize));
    for (let i = 0; i < count; i++) {
      chunks.push(sealChunk(dataKey, header, i, i === count - 1, plain.subarray(i * this.chunkSize, (i + 1) * this.chunkSize)));
    }
    return { ...this.wrap(dataKey), sealed: Buffer.concat(chunks) };
  }

  /** Opens bytes sealed by `seal` or `sealer`; DocumentIntegrityError when they fail authentication. */
  open(key: WrappedDataKey, sealed: Buffer): Buffer {
    const dataKey = this.unwrap(key);
    if (sealed.length < HEADER_BYTES) throw new DocumentIntegrityError('sealed document is truncated');
    const header = sealed.subarray(0, HEADER_BYTES);
    const sealedChunk = parseHeader(header) + TAG_BYTES;
    const parts: Buffer[] = [];
    let at = HEADER_BYTES;
    for (let i = 0; ; i++) {
      const final = sealed.length - at <= sealedChunk;
      parts.push(openChunk(dataKey, header, i, final, sealed.subarray(at, at + sealedChunk)));
      if (final) return Buffer.concat(parts);
      at += sealedChunk;
    }
  }

  /** The same data key wrapped under the active key (rotation); the sealed file is unchanged. */
  rewrap(key: WrappedDataKey): WrappedDataKey {
    return this.wrap(this.unwrap(key));
  }

  private wrap(dataKey: Buffer): WrappedDataKey {
    const keyId = this.ring.activeKeyId;
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`active document key ${keyId} is not configured`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`document-data-key|${keyId}`, 'utf8'));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { keyId, wrappedKey: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  private unwrap({ keyId, wrappedKey }: WrappedDataKey): Buffer {
    const key = this.ring.keys.get(keyId);
    if (!key) throw new DocumentIntegrityError(`document key ${keyId} is not configured`);
    if (wrappedKey.length !== 12 + TAG_BYTES + 32) throw new DocumentIntegrityError('wrapped data key has the wrong length');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, wrappedKey.subarray(0, 12));
      decipher.setAAD(Buffer.from(`document-data-key|${keyId}`, 'utf8'));
      decipher.setAuthTag(wrappedKey.subarray(12, 12 + TAG_BYTES));
      return Buffer.concat([decipher.update(wrappedKey.subarray(12 + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DocumentIntegrityError(`wrapped data key failed authentication under key ${keyId}`);
    }
  }
}
