import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles, generateConsoleTypes } from './codegen-run';

const src = join(__dirname, '..');
const read = (file: string) => readFileSync(join(__dirname, file), 'utf8');

describe("the console's typed operations", () => {
  it('are generated from the committed supergraph and every operation file (run `npm run codegen -w apps/console` when this fails)', async () => {
    const supergraph = readFileSync(join(__dirname, '../../../../gateway/supergraph.graphql'), 'utf8');
    const fresh = await generateConsoleTypes(supergraph, src);
    expect(read('api-schema.graphql')).toBe(fresh.apiSchema);
    expect(read('schema.ts')).toBe(fresh.schemaTypes);
    for (const [file, content] of fresh.operations)
      expect({ file, content: readFileSync(join(src, file), 'utf8') }).toEqual({ file, content });
    // No typed documents left behind by an operation file that is gone.
    expect(await generatedFiles(src)).toEqual([...fresh.operations.keys()].sort());
  }, 30_000);

  it('keep no federation internals in the API schema the console is typed against', () => {
    const api = read('api-schema.graphql');
    expect(api).toContain('type Query');
    expect(api).not.toMatch(/join__|link__|@join|_entities|_service/);
  });
});
