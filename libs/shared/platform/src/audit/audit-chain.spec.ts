import { canonicalJson, chainHash, ChainLink, findFirstBrokenLink, GENESIS_HASH } from './audit-chain';

function chain(length: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const content = {
      caseId: 'c1',
      seq,
      actorId: `a${seq}`,
      actorRole: 'intake-clerk',
      action: 'x',
      data: { n: seq },
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    };
    const hash = chainHash(prevHash, content);
    links.push({ ...content, id: String(seq), prevHash, hash });
    prevHash = hash;
  }
  return links;
}

describe('audit chain', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('accepts an intact chain', () => {
    expect(findFirstBrokenLink(chain(5))).toBeUndefined();
  });

  it('names a record whose content was changed', () => {
    const links = chain(5);
    links[2] = { ...links[2], data: { n: 99 } };
    expect(findFirstBrokenLink(links)).toEqual({ id: '3', seq: 3, reason: 'content does not match its hash' });
  });

  it('names a record re-hashed after an edit, at the next link', () => {
    const links = chain(5);
    const edited = { ...links[1], data: { n: 99 } };
    const { id: _id, prevHash, hash: _hash, ...content } = edited;
    links[1] = { ...edited, hash: chainHash(prevHash, content) };
    expect(findFirstBrokenLink(links)).toEqual({ id: '3', seq: 3, reason: 'prev_hash does not match the previous record' });
  });

  it('names the record after a deleted one', () => {
    const links = chain(5);
    links.splice(3, 1);
    expect(findFirstBrokenLink(links)).toMatchObject({ seq: 5, reason: 'sequence gap: expected 4' });
  });
});
