import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, Kind, parse, type DefinitionNode, type OperationDefinitionNode } from 'graphql';

/** Every mutation field of the API schema (`api-schema.graphql`). */
export function mutationFields(apiSchemaSdl: string): string[] {
  const mutation = buildSchema(apiSchemaSdl).getMutationType();
  return mutation ? Object.keys(mutation.getFields()).sort() : [];
}

function isMutation(definition: DefinitionNode): definition is OperationDefinitionNode {
  return definition.kind === Kind.OPERATION_DEFINITION && String(definition.operation) === 'mutation';
}

/** Operation name -> the mutation fields it asks for, of every operation file under `srcDir`. */
export function mutationOperations(srcDir: string): Map<string, string[]> {
  const operations = new Map<string, string[]>();
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.graphql') && !f.endsWith('api-schema.graphql'),
  );
  for (const file of files) {
    for (const definition of parse(readFileSync(join(srcDir, file), 'utf8')).definitions) {
      if (!isMutation(definition)) continue;
      const op = definition;
      if (!op.name) throw new Error(`${file}: every mutation of the console is named`);
      operations.set(
        op.name.value,
        op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])),
      );
    }
  }
  return operations;
}

/**
 * The mutation fields the built console can send: those of each operation whose document is in a
 * chunk of the build (`distDir`, every chunk the Vite manifest lists). An operation no component
 * imports is dropped from the build, so its name is in no chunk.
 */
export function mutationsInBundle(distDir: string, operations: Map<string, string[]>): Set<string> {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
  const code = Object.values(manifest)
    .map((chunk) => chunk.file)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(distDir, file), 'utf8'))
    .join('\n');
  const used = new Set<string>();
  for (const [name, fields] of operations) {
    // A document is bundled as its AST literal, minified: `name:{kind:`Name`,value:`<name>`}`.
    const named = new RegExp(`name"?:\\{"?kind"?:["'\`]Name["'\`],"?value"?:["'\`]${name}["'\`]\\}`);
    if (named.test(code)) for (const field of fields) used.add(field);
  }
  return used;
}
