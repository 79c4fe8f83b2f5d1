/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { person } from '../features/case/test-case';
import { renderPage } from '../testing/render-page';
import { ViewDocumentButton } from './DocumentViewer';

const DOCUMENT_ID = '0b8f3c2e-5a41-4d6b-9f0e-2c7d1a9e4b10';

/** What the document store answers: the status, and for 200 a PDF with its file name. */
function answerWith(status: number) {
  const asked: { url: string; authorization?: string }[] = [];
  globalThis.fetch = ((url: string, init?: RequestInit) => {
    asked.push({ url, authorization: (init?.headers as Record<string, string> | undefined)?.authorization });
    return Promise.resolve({
      ok: status === 200,
      status,
      headers: new Headers({ 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('一次接线图.pdf')}` }),
      blob: () => Promise.resolve(new Blob(['%PDF-1.4'], { type: 'application/pdf' })),
    });
  }) as unknown as typeof fetch;
  return asked;
}

describe('ViewDocumentButton', () => {
  beforeEach(() => {
    URL.createObjectURL = () => 'blob:document-1';
    URL.revokeObjectURL = () => undefined;
  });

  it('opens the stored file with the signed-in token, a PDF in a frame named by its file, with the file to keep', async () => {
    const asked = answerWith(200);
    renderPage(<ViewDocumentButton documentId={DOCUMENT_ID} name="Single-line diagram" />, { as: person(['inspector']), locale: 'en' });
    fireEvent.click(screen.getByRole('button', { name: 'View: Single-line diagram' }));
    const frame = await screen.findByTitle('一次接线图.pdf');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('src')).toBe('blob:document-1');
    expect(asked).toHaveLength(1);
    expect(asked[0].url).toBe(`/documents/${DOCUMENT_ID}`);
    expect(asked[0].authorization).toMatch(/^Bearer .+/);
    expect(screen.getByRole('link', { name: 'Download the file' }).getAttribute('download')).toBe('一次接线图.pdf');
  });

  it('says in words when the role does not see the document, and opens nothing', async () => {
    answerWith(403);
    renderPage(<ViewDocumentButton documentId={DOCUMENT_ID} name="Identity document" />, { as: person(['surveyor']), locale: 'en' });
    fireEvent.click(screen.getByRole('button', { name: 'View: Identity document' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your role does not see this document');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
