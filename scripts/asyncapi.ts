// `npm run asyncapi`: writes docs/asyncapi.yaml from the event catalog
// (libs/shared/events/src/catalog.ts). Commit the file with the catalog change; a unit
// test (scripts/asyncapi.spec.ts) fails while the two disagree.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ASYNCAPI_FILE } from '@yekuo/events';
import { renderAsyncApi } from './lib/asyncapi-render';

async function main(): Promise<void> {
  const file = resolve(__dirname, '..', ASYNCAPI_FILE);
  const content = renderAsyncApi();
  const before = await readFile(file, 'utf8').catch(() => undefined);
  if (before === content) {
    console.log(`${ASYNCAPI_FILE} is up to date`);
    return;
  }
  await writeFile(file, content);
  console.log(`wrote ${ASYNCAPI_FILE}${before === undefined ? '' : ' (changed; commit it with the catalog change)'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
