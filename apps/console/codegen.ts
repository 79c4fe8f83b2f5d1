// `npm run codegen -w apps/console`: the console's typed operations. Reads the composed supergraph
// (gateway/supergraph.graphql), keeps its API schema (what clients may ask: no federation
// internals) in src/graphql/api-schema.graphql, and types every operation of src/**/*.graphql into
// src/graphql/generated.ts (one TypedDocumentNode per operation, with its variables and result).
// src/graphql/codegen.spec.ts fails when either file is out of date.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConsoleTypes } from './src/graphql/codegen-run';

const here = fileURLToPath(new URL('.', import.meta.url));

async function main(): Promise<void> {
  const supergraph = await readFile(resolve(here, '../../gateway/supergraph.graphql'), 'utf8');
  const { apiSchema, schemaTypes, generated } = await generateConsoleTypes(supergraph, resolve(here, 'src'));
  await writeFile(resolve(here, 'src/graphql/api-schema.graphql'), apiSchema);
  await writeFile(resolve(here, 'src/graphql/schema.ts'), schemaTypes);
  await writeFile(resolve(here, 'src/graphql/generated.ts'), generated);
  console.log('wrote src/graphql/api-schema.graphql, schema.ts and generated.ts');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
