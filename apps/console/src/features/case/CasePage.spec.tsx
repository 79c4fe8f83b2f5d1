/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { Provider, type Operation } from 'urql';
import { PageConfigContext } from '../../app/page-config-context';
import { SessionProvider } from '../../auth/session';
import { I18nProvider } from '../../i18n/i18n';
import type { CaseData } from './case-data';
import { CasePage } from './CasePage';
import { button, cannedClient, submitted, token } from './test-case';

// The stage tabs are not under test here (and are the page's heaviest part to render in jsdom).
jest.mock('./StagePanels', () => ({ StagePanels: () => null }));

function renderCase(roles: string[], caseData: CaseData) {
  sessionStorage.setItem('yekuo.session', token(roles));
  const seen: Operation[] = [];
  const client = cannedClient(
    (operation) =>
      operation.query.definitions.some((d) => 'name' in d && d.name?.value === 'CasePage')
        ? { data: { case: caseData, completenessCheck: { complete: true, items: [] } } }
        : { data: null },
    seen,
  );
  const router = createMemoryRouter([{ path: '/cases/:id', element: <CasePage /> }], { initialEntries: [`/cases/${caseData.id}`] });
  render(
    <PageConfigContext.Provider value={{ devSignIn: true }}>
      <I18nProvider locale="zh-CN">
        <SessionProvider>
          <AntApp>
            <Provider value={client}>
              <RouterProvider router={router} />
            </Provider>
          </AntApp>
        </SessionProvider>
      </I18nProvider>
    </PageConfigContext.Provider>,
  );
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
