import { createHash } from 'node:crypto';

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  caseId: string;
  seq: number;
  actorId: string;
  actorRole: string;
  action: string;
  data: Record<string, unknown>;
  recordedAt: string;
}

/** JSON with object keys sorted at every depth, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash = sha256(prev_hash || canonical record). */
export function chainHash(prevHash: string, content: AuditEntryContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}

export interface ChainLink extends AuditEntryContent {
  id: string;
  prevHash: string;
  hash: string;
}

export interface BrokenLink {
  id: string;
  seq: number;
  reason: string;
}

/** Walks a chain in order and names the first record that does not hold. */
export function findFirstBrokenLink(links: ChainLink[]): BrokenLink | undefined {
  let expectedPrev = GENESIS_HASH;
  for (const [index, link] of links.entries()) {
    if (link.seq !== index + 1) return { id: link.id, seq: link.seq, reason: `sequence gap: expected ${index + 1}` };
    if (link.prevHash !== expectedPrev) return { id: link.id, seq: link.seq, reason: 'prev_hash does not match the previous record' };
    const { id: _id, prevHash: _prev, hash, ...content } = link;
    if (chainHash(link.prevHash, content) !== hash) return { id: link.id, seq: link.seq, reason: 'content does not match its hash' };
    expectedPrev = hash;
  }
  return undefined;
}
