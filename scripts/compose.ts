// `npm run compose [-- --no-build] [-- --verbose]`: composes gateway/supergraph.graphql
// from the services as they are built now (Federation 2, @apollo/composition). The
// gateway only ever loads this file; it never introspects subgraphs.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CompositionError } from '../gateway/src/compose';
import { buildAll } from './lib/build';
import { ensureInfrastructure, InfrastructureError } from './lib/infrastructure';
import { composeFromFreshServices, SUPERGRAPH_FILE, supergraphFileContent } from './lib/supergraph';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'no-build': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
  });
  const root = resolve(__dirname, '..');
  process.chdir(root);

  await ensureInfrastructure();
  if (!values['no-build']) await buildAll(root);

  const sdl = await composeFromFreshServices({ verbose: values.verbose });
  const before = await readFile(SUPERGRAPH_FILE, 'utf8').catch(() => undefined);
  const content = supergraphFileContent(sdl);
  if (before === content) {
    console.log(`${SUPERGRAPH_FILE} is up to date`);
    return;
  }
  await writeFile(SUPERGRAPH_FILE, content);
  console.log(`wrote ${SUPERGRAPH_FILE}${before === undefined ? '' : ' (changed; commit it with the subgraph change)'}`);
}

main().catch((error: unknown) => {
  if (error instanceof InfrastructureError || error instanceof CompositionError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
