import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutationFields, mutationOperations, mutationsInBundle } from './reachable';

const app = join(__dirname, '..', '..');
const leftOut = JSON.parse(readFileSync(join(app, 'mutations-left-out.json'), 'utf8')) as Record<string, string>;

describe('every mutation of the graph is reachable from the built console', () => {
  const all = mutationFields(readFileSync(join(__dirname, 'api-schema.graphql'), 'utf8'));
  const used = mutationsInBundle(join(app, 'dist'), mutationOperations(join(app, 'src')));

  it('uses every mutation in an operation some screen imports, unless it is left out with a reason', () => {
    const missing = all.filter((field) => !used.has(field) && !leftOut[field]);
    expect(missing).toEqual([]);
  });

  it('leaves out only mutations that exist and that no screen uses, each with its reason', () => {
    for (const [field, reason] of Object.entries(leftOut)) {
      expect({ field, exists: all.includes(field), used: used.has(field) }).toEqual({ field, exists: true, used: false });
      expect(reason.trim().length).toBeGreaterThan(10);
    }
  });
});
