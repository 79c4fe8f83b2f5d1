/** @jest-environment jsdom */
import { act, fireEvent, screen } from '@testing-library/react';
import type { Operation } from 'urql';
import { enumLabel } from '../../i18n/enums';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { MyCasesPage } from './MyCasesPage';

function node(n: number, waitsOn: string[] = []) {
  return {
    __typename: 'CaseEdge',
    cursor: `c${n}`,
    node: {
      __typename: 'Case',
      id: `case-${n}`,
      number: `YK-2026-00000${n}`,
      category: 'LV_NON_RESIDENTIAL',
      status: 'RETURNED',
      submittedAt: '2026-03-02T08:00:00.000Z',
      application: { __typename: 'Application', siteAddress: `漕溪北路${n}号` },
      customer: { __typename: 'Customer', id: 'c', name: '陈一' },
      journey: {
        __typename: 'CaseJourney',
        currentStage: 'APPLICATION',
        openActions: waitsOn.map((code) => ({ __typename: 'CaseAction', code, role: 'CUSTOMER' })),
      },
    },
  };
}

function page(edges: unknown[], endCursor: string | null, hasNextPage: boolean): CannedAnswer {
  return { data: { myCases: { __typename: 'CaseConnection', edges, pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor } } } };
}

function renderCases(answer: (operation: Operation) => CannedAnswer) {
  return renderPage(<MyCasesPage />, { as: { sub: '7b1f4a52-5d0c-4c86-9b43-0a8f3e6d2c11', roles: ['customer'] }, answer, path: '/cases' });
}

describe('MyCasesPage', () => {
  afterEach(() => sessionStorage.clear());

  it('links each case, says what waits on the customer, and loads the next page by cursor', async () => {
    renderCases((operation) =>
      operation.variables?.after === 'c1' ? page([node(2)], 'c2', false) : page([node(1, ['RESUBMIT_APPLICATION'])], 'c1', true),
    );
    const link = await screen.findByRole('link', { name: 'YK-2026-000001' });
    expect(link.getAttribute('href')).toBe('/cases/case-1');
    expect(screen.getByText(enumLabel('zh-CN', 'CaseActionCode', 'RESUBMIT_APPLICATION'))).toBeTruthy();
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    });
    expect((await screen.findByRole('link', { name: 'YK-2026-000002' })).getAttribute('href')).toBe('/cases/case-2');
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
  });

  it('offers to apply when there is no case yet', async () => {
    renderCases(() => page([], null, false));
    expect(await screen.findByText('您还没有用电申请。')).toBeTruthy();
    expect(screen.getByRole('link', { name: '立即申请用电' }).getAttribute('href')).toBe('/apply');
  });
});
