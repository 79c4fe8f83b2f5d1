/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { Button, Form } from 'antd';
import type { Locale } from '../../../i18n/i18n';
import { FakeXhr } from '../../../testing/fake-xhr';
import { renderPage } from '../../../testing/render-page';
import type { CaseData } from '../case-data';
import { submitted } from '../test-case';
import { ChecklistDocuments } from './forms';

const caseData: CaseData = { ...submitted, status: 'ACCEPTED' };
const DRAWING_ID = 'd0c00000-0000-4000-8000-000000000021';
const CHECKLIST = [{ item: 'SINGLE_LINE_DIAGRAM', description: 'Single-line diagram (一次接线图)' }];

/** The checklist in a form of its own, whose submitted values `onFinish` receives. */
function renderChecklist(locale: Locale = 'zh-CN') {
  const onFinish = jest.fn();
  renderPage(
    <Form layout="vertical" name="documents" onFinish={onFinish}>
      <ChecklistDocuments caseData={caseData} checklist={CHECKLIST} />
      <Button htmlType="submit">OK</Button>
    </Form>,
    { as: { sub: 'customer-1', roles: ['customer'] }, locale },
  );
  return onFinish;
}

function pick(label: string, file: File) {
  act(() => {
    fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } });
  });
}

describe('ChecklistDocuments', () => {
  beforeEach(() => FakeXhr.install());
  afterEach(() => {
    FakeXhr.restore();
    sessionStorage.clear();
  });

  it('uploads a file as its item and fills the item with the id the store answers', async () => {
    const onFinish = renderChecklist();
    expect(screen.getByRole('button', { name: '上传文件：一次接线图' })).toBeTruthy();
    FakeXhr.answer = {
      status: 201,
      body: JSON.stringify({
        id: DRAWING_ID,
        caseId: caseData.id,
        slot: null,
        item: 'SINGLE_LINE_DIAGRAM',
        version: 2,
        fileName: '一次接线图.pdf',
        contentType: 'application/pdf',
        size: 8,
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        uploadedAt: '2026-04-01T02:00:00.000Z',
      }),
    };
    pick('一次接线图的文件', new File(['%PDF-1.4'], '一次接线图.pdf', { type: 'application/pdf' }));

    await screen.findByText('当前文件：一次接线图.pdf（第 2 版）');
    expect(screen.getByLabelText<HTMLInputElement>('一次接线图').value).toBe(DRAWING_ID);
    const [xhr] = FakeXhr.sent;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/documents']);
    expect(xhr.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect([xhr.body?.get('caseId'), xhr.body?.get('item'), (xhr.body?.get('file') as File).name]).toEqual([
      caseData.id,
      'SINGLE_LINE_DIAGRAM',
      '一次接线图.pdf',
    ]);
    expect(xhr.body?.has('slot')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(onFinish).toHaveBeenCalledWith({ documents: { SINGLE_LINE_DIAGRAM: DRAWING_ID } }));
  });

  it("says the store's refusal beside the item and leaves the item empty", async () => {
    renderChecklist('en');
    FakeXhr.answer = {
      status: 409,
      body: JSON.stringify({
        statusCode: 409,
        code: 'INVALID_TRANSITION',
        message: 'uploadDocument is not allowed in SUBMITTED',
        currentState: 'SUBMITTED',
        requires: ['ACCEPTED'],
      }),
    };
    fireEvent.click(screen.getByRole('button', { name: 'Upload file: Single-line diagram' }));
    pick('File for Single-line diagram', new File(['%PDF-1.4'], 'single-line.pdf', { type: 'application/pdf' }));

    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('The case is "Submitted, awaiting acceptance"; this needs: Accepted.'),
    );
    expect(screen.getByLabelText<HTMLInputElement>('Single-line diagram').value).toBe('');
    expect(FakeXhr.sent).toHaveLength(1);
  });

  it('refuses a file of the wrong kind before any request', () => {
    renderChecklist();
    pick('一次接线图的文件', new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    expect(screen.getByRole('alert').textContent).toContain('只能上传 PDF、JPG 或 PNG 文件。');
    expect(FakeXhr.sent).toHaveLength(0);
  });
});
