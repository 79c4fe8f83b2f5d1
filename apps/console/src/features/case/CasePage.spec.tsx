/** @jest-environment jsdom */
import { screen } from '@testing-library/react';
import { renderPage } from '../../testing/render-page';
import type { CaseData } from './case-data';
import { CasePage } from './CasePage';
import { button, person, submitted } from './test-case';

// The stage tabs are not under test here (and are the page's heaviest part to render in jsdom).
jest.mock('./StagePanels', () => ({ StagePanels: () => null }));

function renderCase(roles: string[], caseData: CaseData) {
  const { seen } = renderPage(<CasePage />, {
    as: person(roles),
    path: '/cases/:id',
    url: `/cases/${caseData.id}`,
    answer: (operation) =>
      operation.query.definitions.some((d) => 'name' in d && d.name?.value === 'CasePage')
        ? { data: { case: caseData, completenessCheck: { complete: true, items: [] } } }
        : { data: null },
  });
  return seen;
}

const returned: CaseData = {
  ...submitted,
  status: 'RETURNED',
  returnNotice: {
    items: [{ item: '产权证明', reason: '扫描件无法辨认', slot: 'PROPERTY_PROOF', field: null }],
    comment: '请重新上传清晰的扫描件',
    returnedAt: '2026-03-02T02:00:00.000Z',
    round: 1,
    resubmittedAt: null,
  },
  journey: {
    ...submitted.journey,
    outstandingFromCustomer: [
      { kind: 'RETURN_NOTICE', description: 'Supply what the one notice lists', items: ['产权证明'], since: '2026-03-02T02:00:00.000Z' },
    ],
    openActions: [
      { code: 'RESUBMIT_APPLICATION', role: 'CUSTOMER', team: null, description: 'Resubmit', since: '2026-03-02T02:00:00.000Z', due: null },
    ],
  },
};

describe('CasePage', () => {
  afterEach(() => sessionStorage.clear());

  it('reads the case in one request and shows the customer what waits on them', async () => {
    const seen = renderCase(['customer'], returned);
    expect((await screen.findByText('案件 YK-2026-000042')).tagName).toBe('H1');
    expect(screen.getByText('等待您办理')).toBeTruthy();
    expect(button('重新提交申请')).toBeTruthy();
    expect(button('撤回申请')).toBeTruthy();
    // One operation for the whole case (the checklist beside it is the upload component's own).
    const reads = seen.filter((o) => o.kind === 'query' && 'audit' in (o.variables ?? {}));
    expect(new Set(reads.map((o) => o.key)).size).toBe(1);
    expect(reads[0].variables).toEqual({ id: submitted.id, audit: false, readContract: true });
  });
});
