import { EntityManager, In } from 'typeorm';
import type { Actor } from '@yekuo/events';
import { AuditRecord } from './audit-record.entity';
import { AuditVerification } from './audit-verification.model';
import { AnchoredHead, AnchorFinding, AnchorKeys, AuditWitness, checkAnchors } from './audit-anchor';
import { BrokenLink, chainHash, ChainLink, findFirstBrokenLink, GENESIS_HASH } from './audit-chain';

export interface AuditEntry {
  caseId: string;
  actor: Actor | { id: string; role: string };
  action: string;
  data: Record<string, unknown>;
}

/** The transaction-level advisory lock (key `hashtextextended(name, 7)`) that serialises writers of a case's chain. */
export function auditLockName(caseId: string): string {
  return `audit:${caseId}`;
}

/** The last record of a chain. */
interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * The chain heads each open transaction appended, by case. The transaction holds each such chain's
 * lock until it ends, so no other writer can move the head; a transaction's EntityManager is its
 * own (`DataSource.transaction` makes one per call) and is dropped with it.
 */
const headsInTransaction = new WeakMap<EntityManager, Map<string, ChainHead>>();

/** Where verification finds the anchors of a service's chains (decision 0016), and the keys that check them. */
export interface AnchorCheck {
  witness: Pick<AuditWitness, 'anchorsOf'>;
  keys: AnchorKeys;
}

/**
 * Appends to and verifies the per-case hash chain of one service's database; with `anchors`, a
 * verification also holds the chain to the heads anchored in the witness.
 */
export class AuditLog {
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly anchors?: AnchorCheck,
  ) {}

  /**
   * Must run inside the transaction of the change it records. The per-case advisory
   * lock serialises concurrent writers, so the chain stays one line.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    // A transaction that appended to this chain already holds its lock and knows its head.
    const heads = manager.queryRunner?.isTransactionActive ? (headsInTransaction.get(manager) ?? new Map<string, ChainHead>()) : undefined;
    let last = heads?.get(entry.caseId);
    if (!last) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [auditLockName(entry.caseId)]);
      [last] = await manager.query<ChainHead[]>('SELECT seq, hash FROM audit_record WHERE case_id = $1 ORDER BY seq DESC LIMIT 1', [
        entry.caseId,
      ]);
    }
    const content = {
      caseId: entry.caseId,
      seq: (last?.seq ?? 0) + 1,
      actorId: entry.actor.id,
      actorRole: entry.actor.role,
      action: entry.action,
      data: JSON.parse(JSON.stringify(entry.data)) as Record<string, unknown>,
      recordedAt: this.now().toISOString(),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = chainHash(prevHash, content);
    await manager.query(
      `INSERT INTO audit_record (case_id, seq, actor_id, actor_role, action, data, recorded_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [content.caseId, content.seq, content.actorId, content.actorRole, content.action, content.data, content.recordedAt, prevHash, hash],
    );
    if (heads) headsInTransaction.set(manager, heads.set(entry.caseId, { seq: content.seq, hash }));
  }

  async trail(manager: EntityManager, caseId: string): Promise<AuditRecord[]> {
    return manager.find(AuditRecord, { where: { caseId }, order: { seq: 'ASC' } });
  }

  async verify(manager: EntityManager, caseId: string): Promise<AuditVerification> {
    const [verification] = await this.verifyTrails([caseId], new Map([[caseId, await this.trail(manager, caseId)]]));
    return verification;
  }

  /** Verifies the chains of many cases with one read of their records (in the order of `caseIds`). */
  async verifyMany(manager: EntityManager, caseIds: readonly string[]): Promise<AuditVerification[]> {
    if (caseIds.length === 0) return [];
    const records = await manager.find(AuditRecord, { where: { caseId: In([...caseIds]) }, order: { caseId: 'ASC', seq: 'ASC' } });
    const trails = new Map<string, AuditRecord[]>();
    for (const record of records) {
      const trail = trails.get(record.caseId);
      if (trail) trail.push(record);
      else trails.set(record.caseId, [record]);
    }
    return this.verifyTrails(caseIds, trails);
  }

  /** Each case's chain on its own, then against its anchors (one read of the witness for all). */
  private async verifyTrails(caseIds: readonly string[], trails: Map<string, AuditRecord[]>): Promise<AuditVerification[]> {
    const anchored = this.anchors ? await this.anchors.witness.anchorsOf(caseIds) : new Map<string, AnchoredHead[]>();
    return caseIds.map((caseId) => {
      const links = linksOf(trails.get(caseId) ?? []);
      const finding = this.anchors ? checkAnchors(links, anchored.get(caseId) ?? [], this.anchors.keys) : undefined;
      return verifyTrail(caseId, links, finding);
    });
  }
}

function linksOf(records: AuditRecord[]): ChainLink[] {
  return records.map((r) => ({
    id: String(r.id),
    caseId: r.caseId,
    seq: r.seq,
    actorId: r.actorId,
    actorRole: r.actorRole,
    action: r.action,
    data: r.data,
    recordedAt: r.recordedAt.toISOString(),
    prevHash: r.prevHash,
    hash: r.hash,
  }));
}

/** The first record that does not hold, by the chain alone or against its anchors, whichever comes first. */
function verifyTrail(caseId: string, links: ChainLink[], finding?: AnchorFinding): AuditVerification {
  const broken = [findFirstBrokenLink(links), finding?.broken].filter((b): b is BrokenLink => b !== undefined);
  const firstBroken = broken.sort((a, b) => a.seq - b.seq)[0];
  const forgedAnchors = finding?.forgedAnchors ?? [];
  return {
    caseId,
    valid: !firstBroken && forgedAnchors.length === 0,
    length: links.length,
    ...(firstBroken ? { firstBroken } : {}),
    anchoredThrough: finding?.anchoredThrough ?? null,
    forgedAnchors,
  };
}
