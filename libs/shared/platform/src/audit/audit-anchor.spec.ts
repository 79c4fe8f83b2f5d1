import { generateKeyPairSync } from 'node:crypto';
import { AnchoredHead, AnchorKeys, checkAnchors } from './audit-anchor';
import { chainHash, ChainLink, GENESIS_HASH } from './audit-chain';

const CASE = '6f1d2c3b-0000-4000-8000-000000000001';

function chain(length: number, edit?: { seq: number; data: Record<string, unknown> }): ChainLink[] {
  const links: ChainLink[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const content = {
      caseId: CASE,
      seq,
      actorId: 'a',
      actorRole: 'planner',
      action: 'x',
      data: edit?.seq === seq ? edit.data : { n: seq },
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    };
    const hash = chainHash(prevHash, content);
    links.push({ ...content, id: String(100 + seq), prevHash, hash });
    prevHash = hash;
  }
  return links;
}

const keys = new AnchorKeys(generateKeyPairSync('ed25519').privateKey);

/** Anchor `anchorNo` of the head at `seq` of `links`, signed with `by`. */
function anchorOf(links: ChainLink[], anchorNo: number, seq: number, by = keys): AnchoredHead {
  return by.sign({ service: 'planning', anchorNo, anchoredAt: '2026-01-01T01:00:00.000Z', caseId: CASE, seq, hash: links[seq - 1].hash });
}

describe('audit anchors', () => {
  it('confirms a chain that still holds every anchored head', () => {
    const links = chain(6);
    expect(checkAnchors(links, [anchorOf(links, 1, 2), anchorOf(links, 2, 5)], keys)).toEqual({ anchoredThrough: 5, forgedAnchors: [] });
    expect(checkAnchors(links, [], keys)).toEqual({ anchoredThrough: null, forgedAnchors: [] });
  });

  it('names the first record after the last anchor that still matches when the chain was rewritten and re-hashed', () => {
    const original = chain(6);
    const anchors = [anchorOf(original, 1, 2), anchorOf(original, 2, 5)];
    const rewritten = chain(6, { seq: 4, data: { n: 'forged' } });
    expect(checkAnchors(rewritten, anchors, keys)).toEqual({
      broken: {
        id: '103',
        seq: 3,
        reason: 'the chain no longer matches anchor 2 (seq 5): rewritten after seq 2, the last anchored record that still matches',
      },
      anchoredThrough: 2,
      forgedAnchors: [],
    });
  });

  it('names the first record when even the first anchor no longer matches, and a chain cut short below an anchor', () => {
    const original = chain(4);
    const anchors = [anchorOf(original, 1, 3)];
    expect(checkAnchors(chain(4, { seq: 1, data: {} }), anchors, keys).broken).toMatchObject({ id: '101', seq: 1 });
    expect(checkAnchors(original.slice(0, 2), anchors, keys).broken).toMatchObject({ id: '101', seq: 1 });
  });

  it('reports anchors whose signature does not hold, and ignores what they claim', () => {
    const links = chain(3);
    const other = new AnchorKeys(generateKeyPairSync('ed25519').privateKey);
    const altered = { ...anchorOf(links, 2, 3), hash: '0'.repeat(64) };
    const foreign = { ...anchorOf(links, 3, 3, other), keyId: keys.keyId };
    expect(checkAnchors(links, [anchorOf(links, 1, 2), altered, foreign, anchorOf(links, 4, 3, other)], keys)).toEqual({
      anchoredThrough: 2,
      forgedAnchors: [2, 3, 4],
    });
  });

  it('verifies anchors signed with a previous key after a rotation', () => {
    const links = chain(2);
    const old = generateKeyPairSync('ed25519');
    const before = new AnchorKeys(old.privateKey);
    const rotated = new AnchorKeys(generateKeyPairSync('ed25519').privateKey, [old.publicKey]);
    expect(checkAnchors(links, [anchorOf(links, 1, 1, before), anchorOf(links, 2, 2, rotated)], rotated)).toEqual({
      anchoredThrough: 2,
      forgedAnchors: [],
    });
    expect(() => new AnchorKeys(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow('Ed25519');
  });
});
