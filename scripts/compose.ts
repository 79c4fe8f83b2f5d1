// `npm run compose [-- --no-build] [-- --verbose]`: composes gateway/supergraph.graphql from the
// services as they are built now (Federation 2, @apollo/composition), and writes each service's
// subgraph SDL beside it in gateway/subgraphs/<service>.graphql (what `npm run schema:check`
// composes one service's candidate with). The gateway only ever loads the supergraph file; it
// never introspects subgraphs.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CompositionError } from '../gateway/src/compose';
import { buildAll } from './lib/build';
import { ensureInfrastructure, InfrastructureError } from './lib/infrastructure';
import { composeFromFreshServices, schemaFileContent, subgraphFile, SUPERGRAPH_FILE } from './lib/supergraph';

/** Writes `file` when its content differs; says which it did. */
async function writeIfChanged(file: string, content: string): Promise<void> {
  const before = await readFile(file, 'utf8').catch(() => undefined);
  if (before === content) {
    console.log(`${file} is up to date`);
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  console.log(`wrote ${file}${before === undefined ? '' : ' (changed; commit it with the subgraph change)'}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'no-build': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
  });
  const root = resolve(__dirname, '..');
  process.chdir(root);

  await ensureInfrastructure();
  if (!values['no-build']) await buildAll(root);

  const { subgraphs, supergraph } = await composeFromFreshServices({ verbose: values.verbose });
  await writeIfChanged(SUPERGRAPH_FILE, schemaFileContent(supergraph));
  const written = new Set<string>();
  for (const { name, sdl } of subgraphs) {
    await writeIfChanged(subgraphFile(name), schemaFileContent(sdl));
    written.add(subgraphFile(name));
  }
  // A subgraph file of a service that is no more would be composed by schema:check: remove it.
  const directory = dirname(subgraphFile('any'));
  for (const entry of await readdir(directory)) {
    const file = `${directory}/${entry}`;
    if (entry.endsWith('.graphql') && !written.has(file)) {
      await rm(file);
      console.log(`removed ${file} (no such service)`);
    }
  }
}

main().catch((error: unknown) => {
  if (error instanceof InfrastructureError || error instanceof CompositionError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
