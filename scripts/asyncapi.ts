// `npm run asyncapi`: writes docs/asyncapi.yaml from the event catalog
// (libs/shared/src/events/catalog.ts). Commit the file with the catalog change; a unit
// test (libs/shared/src/events/asyncapi.spec.ts) fails while the two disagree.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ASYNCAPI_FILE, renderAsyncApi } from '../libs/shared/src/events/asyncapi';

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
