import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SERVICES } from '@yekuo/platform/core';
import { composeWithCanonicalUrls, readCommittedSubgraphs, schemaFileContent, subgraphFile, SUPERGRAPH_FILE } from './supergraph';

const root = resolve(__dirname, '../..');

describe('the committed subgraphs and supergraph', () => {
  it('holds one subgraph file per service, and no other', async () => {
    const files = (await readdir(join(root, 'gateway/subgraphs'))).map((name) => `gateway/subgraphs/${name}`).sort();
    expect(files).toEqual(SERVICES.map((s) => subgraphFile(s.name)).sort());
  });

  it('compose to exactly the committed supergraph', async () => {
    const composed = composeWithCanonicalUrls(await readCommittedSubgraphs(root));
    const committed = await readFile(join(root, SUPERGRAPH_FILE), 'utf8');
    // Not toEqual: a diff of two files of thousands of lines says less than `npm run compose` would fix.
    expect(schemaFileContent(composed) === committed).toBe(true);
  });
});
