import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASYNCAPI_FILE } from '@yekuo/events';
import { renderAsyncApi } from './lib/asyncapi-render';

const ROOT = resolve(__dirname, '..');

describe('docs/asyncapi.yaml', () => {
  it('is deterministic', () => {
    expect(renderAsyncApi()).toBe(renderAsyncApi());
    expect(renderAsyncApi().startsWith('# Generated from libs/shared/events/src/catalog.ts by npm run asyncapi')).toBe(true);
  });

  it(`matches the committed ${ASYNCAPI_FILE}`, () => {
    let committed: string | undefined;
    try {
      committed = readFileSync(resolve(ROOT, ASYNCAPI_FILE), 'utf8');
    } catch {
      committed = undefined;
    }
    const verdict =
      committed === renderAsyncApi()
        ? 'up to date'
        : `${ASYNCAPI_FILE} ${committed === undefined ? 'is missing' : 'differs from the event catalog'}: ` +
          'run npm run asyncapi and commit the file';
    expect(verdict).toBe('up to date');
  });
});
