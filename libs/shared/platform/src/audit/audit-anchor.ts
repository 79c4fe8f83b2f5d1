import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { canonicalJson, BrokenLink, ChainLink } from './audit-chain';

// Anchors (decision 0016): the heads of a service's audit chains, signed with a key no database
// role can read and kept in a witness database the service's own roles cannot write. A chain
// that someone with the owner role edits and re-hashes still verifies alone; against the
// witness it does not.

/** One chain head as an anchor fixes it. */
export interface ChainHead {
  caseId: string;
  seq: number;
  hash: string;
}

/** One row of the witness: a head, the anchor it belongs to and its signature. */
export interface AnchoredHead extends ChainHead {
  service: string;
  anchorNo: number;
  /** ISO 8601, as signed. */
  anchoredAt: string;
  keyId: string;
  signature: string;
}

/** What a head's signature covers: everything of its row but the key id and the signature. */
export function anchoredContent(head: Omit<AnchoredHead, 'keyId' | 'signature'>): string {
  const { service, anchorNo, anchoredAt, caseId, seq, hash } = head;
  return canonicalJson({ service, anchorNo, anchoredAt, caseId, seq, hash });
}

/** The key id of a public key: the first 16 hex digits of the SHA-256 of its SPKI DER. */
function keyIdOf(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The Ed25519 key that signs anchors (from a file, never from a database) and the public keys
 * that verify them: the signing key's own and, after a rotation, the previous one.
 */
export class AnchorKeys {
  readonly keyId: string;
  private readonly verifying: Map<string, KeyObject>;

  constructor(
    private readonly signing: KeyObject,
    previous: KeyObject[] = [],
  ) {
    if (signing.asymmetricKeyType !== 'ed25519') throw new Error('the audit anchor key must be an Ed25519 private key');
    const own = createPublicKey(signing);
    this.keyId = keyIdOf(own);
    this.verifying = new Map([own, ...previous].map((key) => [keyIdOf(key), key]));
  }

  /** Reads the PEM private key and, when given, a PEM public key that older anchors may be signed with. */
  static fromFiles(privateKeyFile: string, previousPublicKeyFile?: string): AnchorKeys {
    const previous = previousPublicKeyFile ? [createPublicKey(readFileSync(previousPublicKeyFile, 'utf8'))] : [];
    return new AnchorKeys(createPrivateKey(readFileSync(privateKeyFile, 'utf8')), previous);
  }

  /** Signs one head of anchor `anchorNo`. */
  sign(head: Omit<AnchoredHead, 'keyId' | 'signature'>): AnchoredHead {
    const signature = sign(null, Buffer.from(anchoredContent(head)), this.signing).toString('base64');
    return { ...head, keyId: this.keyId, signature };
  }

  /** Whether a witness row carries a signature of one of the verifying keys over its own content. */
  holds(head: AnchoredHead): boolean {
    const key = this.verifying.get(head.keyId);
    if (!key) return false;
    try {
      return verify(null, Buffer.from(anchoredContent(head)), key, Buffer.from(head.signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/** What the anchors of one case say about its chain. */
export interface AnchorFinding {
  /** The first record after the last anchor the chain still matches, when a later anchor no longer matches. */
  broken?: BrokenLink;
  /** The highest seq an anchor with a valid signature still confirms (null: none). */
  anchoredThrough: number | null;
  /** Numbers of the anchors of the case whose signature does not hold (forged or altered in the witness). */
  forgedAnchors: number[];
}

/**
 * Compares a case's chain (in seq order) with the anchors of the case: every anchor whose
 * signature holds must find the record at its seq with its hash. When one does not, the chain
 * was rewritten after the last anchor that still matches, so the record after that one is named.
 */
export function checkAnchors(links: readonly ChainLink[], anchors: readonly AnchoredHead[], keys: AnchorKeys): AnchorFinding {
  const forgedAnchors = anchors
    .filter((anchor) => !keys.holds(anchor))
    .map((anchor) => anchor.anchorNo)
    .sort((a, b) => a - b);
  const genuine = anchors.filter((anchor) => keys.holds(anchor));
  genuine.sort((a, b) => a.seq - b.seq || a.anchorNo - b.anchorNo);
  const bySeq = new Map(links.map((link) => [link.seq, link]));
  let anchoredThrough = 0;
  for (const anchor of genuine) {
    if (bySeq.get(anchor.seq)?.hash === anchor.hash) {
      anchoredThrough = anchor.seq;
      continue;
    }
    const first = anchoredThrough + 1;
    const record = bySeq.get(first);
    return {
      broken: {
        id: record?.id ?? '',
        seq: first,
        reason:
          `the chain no longer matches anchor ${anchor.anchorNo} (seq ${anchor.seq}): ` +
          (anchoredThrough > 0
            ? `rewritten after seq ${anchoredThrough}, the last anchored record that still matches`
            : 'rewritten from the start'),
      },
      anchoredThrough: anchoredThrough || null,
      forgedAnchors,
    };
  }
  return { anchoredThrough: anchoredThrough || null, forgedAnchors };
}

interface AnchorRow {
  service: string;
  anchor_no: string;
  anchored_at: Date;
  case_id: string;
  seq: number;
  hash: string;
  key_id: string;
  signature: string;
}

const toHead = (row: AnchorRow): AnchoredHead => ({
  service: row.service,
  anchorNo: Number(row.anchor_no),
  anchoredAt: row.anchored_at.toISOString(),
  caseId: row.case_id,
  seq: row.seq,
  hash: row.hash,
  keyId: row.key_id,
  signature: row.signature,
});

/** The witness as one service sees it through its own login: its anchors, read and added, never changed. */
export class AuditWitness {
  readonly pool: Pool;

  constructor(
    url: string,
    readonly service: string,
  ) {
    this.pool = new Pool({ connectionString: url, max: 2 });
    // An idle client's error (the witness restarting) must not end the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Every anchored head of these cases, of this service. */
  async anchorsOf(caseIds: readonly string[]): Promise<Map<string, AnchoredHead[]>> {
    const found = new Map<string, AnchoredHead[]>();
    if (caseIds.length === 0) return found;
    const { rows } = await this.pool.query<AnchorRow>(
      `SELECT service, anchor_no, anchored_at, case_id, seq, hash, key_id, signature FROM audit_anchor
       WHERE service = $1 AND case_id = ANY($2::uuid[]) ORDER BY case_id, seq, anchor_no`,
      [this.service, caseIds],
    );
    for (const row of rows) {
      const head = toHead(row);
      const list = found.get(head.caseId);
      if (list) list.push(head);
      else found.set(head.caseId, [head]);
    }
    return found;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
