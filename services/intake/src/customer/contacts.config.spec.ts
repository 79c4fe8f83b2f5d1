import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@yekuo/platform';
import { ensureNotificationsServiceKeys, NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE } from '@yekuo/testing';
import type { Request, Response } from 'express';
import { CONTACT_READ_FORBIDDEN, contactReaderCheck } from './contact-reader';
import { loadContactReaderVerifier } from './contacts.config';

describe('the contact reader key', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yekuo-contact-reader-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is read from CONTACT_READER_KEY_FILE', async () => {
    await ensureNotificationsServiceKeys(dir);
    expect(loadContactReaderVerifier({ CONTACT_READER_KEY_FILE: join(dir, NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE) })).toBeDefined();
  });

  it('may be missing outside production, where it stops the boot naming the variable; a file without a key stops it always', async () => {
    const absent = join(dir, 'absent.pem');
    expect(loadContactReaderVerifier({ CONTACT_READER_KEY_FILE: absent })).toBeUndefined();
    expect(() => loadContactReaderVerifier({ NODE_ENV: 'production', CONTACT_READER_KEY_FILE: absent })).toThrow(ConfigError);
    expect(() => loadContactReaderVerifier({ NODE_ENV: 'production', CONTACT_READER_KEY_FILE: absent })).toThrow(/CONTACT_READER_KEY_FILE/);
    await writeFile(join(dir, 'garbage.pem'), 'not a key');
    expect(() => loadContactReaderVerifier({ CONTACT_READER_KEY_FILE: join(dir, 'garbage.pem') })).toThrow(/CONTACT_READER_KEY_FILE/);
  });

  it('when missing, leaves the contact read refusing every request', () => {
    const refusals: string[] = [];
    const check = contactReaderCheck(undefined, (refusal) => refusals.push(refusal));
    let answered: { status?: number; body?: unknown } = {};
    const res = {
      locals: {},
      status(status: number) {
        answered.status = status;
        return this;
      },
      json(body: unknown) {
        answered = { ...answered, body };
        return this;
      },
    } as unknown as Response;
    const next = jest.fn();
    check({ method: 'POST', path: '/internal/contacts', originalUrl: '/internal/contacts', headers: {} } as Request, res, next);
    expect(next).not.toHaveBeenCalled();
    expect(answered).toEqual({ status: 403, body: CONTACT_READ_FORBIDDEN });
    expect(refusals).toEqual(['no key configured']);
  });
});
