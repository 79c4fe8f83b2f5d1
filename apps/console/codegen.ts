// `npm run codegen -w apps/console`: the console's typed operations. Reads the composed supergraph
// (gateway/supergraph.graphql), keeps its API schema (what clients may ask: no federation
// internals) in src/graphql/api-schema.graphql, the graph's enums and inputs in
// src/graphql/schema.ts, and types every operation file `src/**/x.graphql` into `x.generated.ts`
// beside it (one TypedDocumentNode per operation, with its variables and result). A generated file
// whose operation file is gone is removed. src/graphql/codegen.spec.ts fails when any is out of date.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles, generateConsoleTypes } from './src/graphql/codegen-run';

const here = fileURLToPath(new URL('.', import.meta.url));

async function main(): Promise<void> {
  const supergraph = await readFile(resolve(here, '../../gateway/supergraph.graphql'), 'utf8');
  const src = resolve(here, 'src');
  const { apiSchema, schemaTypes, operations } = await generateConsoleTypes(supergraph, src);
  await writeFile(resolve(src, 'graphql/api-schema.graphql'), apiSchema);
  await writeFile(resolve(src, 'graphql/schema.ts'), schemaTypes);
  for (const [file, content] of operations) await writeFile(resolve(src, file), content);
  for (const stale of await generatedFiles(src)) if (!operations.has(stale)) await rm(resolve(src, stale));
  console.log(`wrote src/graphql/api-schema.graphql, schema.ts and ${operations.size} .generated.ts files`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
