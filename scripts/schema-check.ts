// `npm run schema:check -- <service> [--sdl <file>] [--no-build] [--verbose]`: whether one service's
// subgraph can be deployed on its own. Its candidate SDL (the service built and started alone on a
// throwaway database, or the file `--sdl` names) is composed with the other services' committed
// gateway/subgraphs/*.graphql; a composition error fails. On what that composes to it then lists:
// - the breaking changes against the supergraph of `git merge-base HEAD <base>` (BASE_REF, else
//   origin/main, as check:contracts), failing on those docs/graph-changes-allowed.json does not record;
// - each operation of the console (apps/console/src/**/*.graphql) and of the tests (the exports of
//   test/e2e/operations.ts and the literal operations in test/e2e and test/browser) that no longer
//   validates, naming its file and operation;
// - the service's published event versions the current catalog breaks (against the base's docs/asyncapi.yaml).
// Exits 1 on any failure.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { ASYNCAPI_FILE, buildAsyncApiDocument } from '@yekuo/events';
import { SERVICES } from '@yekuo/platform/core';
import { buildAll } from './lib/build';
import { ALLOWED_GRAPH_CHANGES_FILE as ALLOW_FILE, eventSchemasOf, parseAllowedGraphChanges } from './lib/contract-check';
import { ensureInfrastructure } from './lib/infrastructure';
import { fileAtCommit, mergeBase } from './lib/merge-base';
import {
  checkSchema,
  ClientOperation,
  describeSchemaCheck,
  operationsInTypeScript,
  operationsOfDocument,
  operationsOfExports,
  schemaCheckFailed,
} from './lib/schema-check';
import {
  canonicalSubgraphUrl,
  fetchFreshSubgraphSdls,
  readCommittedSubgraphs,
  schemaFileContent,
  subgraphFile,
  SUPERGRAPH_FILE,
} from './lib/supergraph';

const root = resolve(__dirname, '..');
const E2E_OPERATIONS_FILE = 'test/e2e/operations.ts';

const USAGE = 'usage: npm run schema:check -- <service> [--sdl <file>] [--no-build] [--verbose]';

/** The files under `dir` (relative to the root) whose names end in `suffix`, sorted. */
async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** The operations the console and the tests send, and a line saying where they came from. */
async function clientOperations(): Promise<{ operations: ClientOperation[]; coverage: string }> {
  // Not the console's copy of the API schema, which codegen writes beside the operations.
  const consoleFiles = (await filesUnder('apps/console/src', '.graphql')).filter((file) => !file.endsWith('/api-schema.graphql'));
  const consoleOperations = (
    await Promise.all(consoleFiles.map(async (file) => operationsOfDocument(file, await readFile(join(root, file), 'utf8'))))
  ).flat();
  // Loaded by path at run time: the end-to-end suite imports these scripts, so a static import would
  // make the two projects depend on each other.
  const e2eOperations = (await import(join(root, E2E_OPERATIONS_FILE))) as Record<string, unknown>;
  const exported = operationsOfExports(E2E_OPERATIONS_FILE, e2eOperations);
  const testFiles = [...(await filesUnder('test/e2e', '.ts')), ...(await filesUnder('test/browser', '.ts'))].filter(
    (file) => file !== E2E_OPERATIONS_FILE,
  );
  let interpolated = 0;
  const literals: ClientOperation[] = [];
  for (const file of testFiles) {
    const found = operationsInTypeScript(file, await readFile(join(root, file), 'utf8'));
    literals.push(...found.operations);
    interpolated += found.interpolated;
  }
  return {
    operations: [...consoleOperations, ...exported, ...literals],
    coverage:
      `${consoleOperations.length} of the console (${consoleFiles.length} .graphql files), ${exported.length} exported by ` +
      `${E2E_OPERATIONS_FILE}, ${literals.length} written as literals in test/e2e and test/browser ` +
      `(${interpolated} built from \${…} templates there are not read)`,
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sdl: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const names: string[] = SERVICES.map((s) => s.name);
  const service = positionals[0];
  if (positionals.length !== 1 || !names.includes(service)) {
    console.error(`${USAGE}\n<service> is one of ${names.join(', ')}`);
    return 2;
  }
  process.chdir(root);
  const started = Date.now();

  let candidateSdl: string;
  if (values.sdl !== undefined) {
    candidateSdl = await readFile(resolve(values.sdl), 'utf8');
  } else {
    await ensureInfrastructure();
    if (!values['no-build']) await buildAll(root);
    [{ sdl: candidateSdl }] = await fetchFreshSubgraphSdls([service], { verbose: values.verbose });
  }
  const others = await readCommittedSubgraphs(
    root,
    names.filter((n) => n !== service),
  );

  const base = mergeBase(root, 'the graph and the events');
  if (base.fail) {
    console.error(`schema:check ${service}: ${base.note}`);
    return 1;
  }
  const baseSupergraph = base.commit ? fileAtCommit(root, base.commit, SUPERGRAPH_FILE) : undefined;
  const baseAsyncApi = base.commit ? fileAtCommit(root, base.commit, ASYNCAPI_FILE) : undefined;
  const { operations, coverage } = await clientOperations();

  const report = await checkSchema({
    candidate: { name: service, url: canonicalSubgraphUrl(service), sdl: candidateSdl },
    others: others.map(({ name, sdl }) => ({ name, url: canonicalSubgraphUrl(name), sdl })),
    baseSupergraph,
    allow: parseAllowedGraphChanges(JSON.parse(await readFile(join(root, ALLOW_FILE), 'utf8'))),
    operations,
    baseEvents: baseAsyncApi === undefined ? undefined : eventSchemasOf(parseYaml(baseAsyncApi)),
    currentEvents: eventSchemasOf(buildAsyncApiDocument()),
  });

  const lines = describeSchemaCheck(report, base, ALLOW_FILE);
  const summary = lines.pop()!;
  for (const line of lines) console.log(line);
  if (report.supergraph) console.log(`schema:check ${service}: operations read: ${coverage}.`);
  const committed = await readFile(join(root, subgraphFile(service)), 'utf8').catch(() => undefined);
  if (committed !== schemaFileContent(candidateSdl)) {
    console.log(
      `schema:check ${service}: the candidate differs from ${subgraphFile(service)}; ` +
        'commit it with the change (`npm run compose` writes it, and the supergraph).',
    );
  }
  (schemaCheckFailed(report) ? console.error : console.log)(`${summary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return schemaCheckFailed(report) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`schema:check: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
