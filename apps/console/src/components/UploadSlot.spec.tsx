/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { enumLabel } from '../i18n/enums';
import { FakeXhr } from '../testing/fake-xhr';
import { renderPage } from '../testing/render-page';
import { UploadSlot, type UploadSlotValue } from './UploadSlot';

const CASE_ID = '0a7c2a8e-3c1b-4f7e-9d55-2b6f1e9a4c01';
const SLOT: UploadSlotValue = {
  slot: 'BUSINESS_LICENCE',
  title: 'Business licence of the enterprise',
  required: true,
  status: 'MISSING',
  current: null,
};

function renderSlot(onUploaded = jest.fn()) {
  renderPage(<UploadSlot caseId={CASE_ID} slot={SLOT} onUploaded={onUploaded} />, {
    as: { sub: '7b1f4a52-5d0c-4c86-9b43-0a8f3e6d2c11', roles: ['customer'] },
  });
  return onUploaded;
}

function pick(file: File) {
  fireEvent.change(screen.getByLabelText(`${enumLabel('zh-CN', 'DocumentSlot', 'BUSINESS_LICENCE')}的文件`), { target: { files: [file] } });
}

describe('UploadSlot', () => {
  beforeEach(() => FakeXhr.install());
  afterEach(() => {
    FakeXhr.restore();
    sessionStorage.clear();
  });

  it('refuses a file over 10 MiB before any request', () => {
    const onUploaded = renderSlot();
    const big = new File(['%PDF-1.4'], 'site-plan.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: 11 * 1024 * 1024 });
    pick(big);
    expect(screen.getByRole('alert').textContent).toContain('文件超过 10 MB，请压缩后再上传。');
    expect(FakeXhr.sent).toHaveLength(0);
    expect(onUploaded).not.toHaveBeenCalled();
  });

  it('refuses an .exe before any request', () => {
    renderSlot();
    pick(new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    expect(screen.getByRole('alert').textContent).toContain('只能上传 PDF、JPG 或 PNG 文件。');
    expect(FakeXhr.sent).toHaveLength(0);
  });

  it('posts a PDF to /documents with the token and a key, then reports it uploaded', async () => {
    const onUploaded = renderSlot();
    act(() => {
      pick(new File(['%PDF-1.4'], '营业执照.pdf', { type: 'application/pdf' }));
    });
    await waitFor(() => expect(onUploaded).toHaveBeenCalledTimes(1));
    const [xhr] = FakeXhr.sent;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/documents']);
    expect(xhr.headers.authorization).toMatch(/^Bearer /);
    expect(xhr.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect([xhr.body?.get('caseId'), xhr.body?.get('slot'), (xhr.body?.get('file') as File).name]).toEqual([
      CASE_ID,
      'BUSINESS_LICENCE',
      '营业执照.pdf',
    ]);
    expect(xhr.body?.has('item')).toBe(false);
  });

  it("says the server's refusal in words, from either body shape", async () => {
    renderSlot();
    FakeXhr.answer = {
      status: 415,
      body: JSON.stringify({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Only application/pdf…' }),
    };
    act(() => {
      pick(new File(['not a pdf'], 'scan.pdf', { type: 'application/pdf' }));
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('文件内容不是 PDF、JPG 或 PNG，未能上传。'));

    FakeXhr.answer = {
      status: 429,
      body: JSON.stringify({
        errors: [{ message: 'Too many requests; try again later', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 30 } }],
      }),
    };
    act(() => {
      pick(new File(['%PDF-1.4'], 'scan.pdf', { type: 'application/pdf' }));
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('操作过于频繁，请在 30 秒后重试。'));
    // A refusal to wait for is offered again, with the same key.
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    });
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(3));
    expect(FakeXhr.sent[2].headers['idempotency-key']).toBe(FakeXhr.sent[1].headers['idempotency-key']);
  });
});
