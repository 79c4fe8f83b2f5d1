/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Operation } from 'urql';
import { renderPage } from '../../testing/render-page';
import { BoardPage } from './BoardPage';

function boardCase(id: string, number: string) {
  return {
    __typename: 'CaseEdge',
    cursor: `cur-${id}`,
    node: {
      __typename: 'Case',
      id,
      number,
      category: 'LV_RESIDENTIAL',
      status: 'ACCEPTED',
      submittedAt: '2026-03-02T01:00:00.000Z',
      customer: { __typename: 'Customer', name: '张三' },
      application: { __typename: 'Application', regionCode: '310104', capacityKva: 8 },
    },
  };
}

const CASES: Record<string, ReturnType<typeof boardCase>[]> = {
  SURVEY: [boardCase('case-1', 'YK-2026-000001'), boardCase('case-2', 'YK-2026-000002')],
  SUPPLY_SCHEME: [boardCase('case-3', 'YK-2026-000003')],
};

function renderBoard(seen: Operation[]) {
  return renderPage(<BoardPage />, {
    as: { sub: 'sup-1', roles: ['supervisor'] },
    path: '/board',
    seen,
    answer: (operation) => {
      const { filter } = operation.variables as { filter: { stage: string } };
      const edges = CASES[filter.stage] ?? [];
      const more = filter.stage === 'SUPPLY_SCHEME';
      return {
        data: {
          cases: {
            __typename: 'CaseConnection',
            edges,
            pageInfo: { __typename: 'PageInfo', hasNextPage: more, endCursor: edges.at(-1)?.cursor ?? null },
          },
        },
      };
    },
  });
}

describe('BoardPage', () => {
  it('shows each case under its stage, with the count of its column and a link to the case', async () => {
    const seen: Operation[] = [];
    renderBoard(seen);
    expect(screen.getByRole('heading', { level: 1, name: '案件看板' })).toBeTruthy();
    const survey = await screen.findByRole('region', { name: '现场勘查：2 件' });
    const link = within(survey).getByRole('link', { name: 'YK-2026-000001' });
    expect(link.getAttribute('href')).toBe('/cases/case-1');
    expect(within(survey).getByRole('link', { name: 'YK-2026-000002' })).toBeTruthy();
    const scheme = await screen.findByRole('region', { name: '供电方案：1+ 件' });
    expect(within(scheme).getByRole('link', { name: 'YK-2026-000003' })).toBeTruthy();
    expect(within(scheme).queryByRole('link', { name: 'YK-2026-000001' })).toBeNull();
    expect(within(scheme).getByRole('button', { name: '加载更多' })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: '受理：0 件' })).getByText('无案件')).toBeTruthy();
  });

  it('sends the filters with each stage of its column', async () => {
    const seen: Operation[] = [];
    renderBoard(seen);
    await screen.findByRole('region', { name: '现场勘查：2 件' });
    fireEvent.change(screen.getByLabelText('区域代码'), { target: { value: ' 310104 ' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() =>
      expect(
        seen.map((o) => o.variables as { filter: Record<string, string> }).filter((v) => v.filter.regionCode === '310104'),
      ).toHaveLength(9),
    );
    const filters = seen.map((o) => (o.variables as { filter: Record<string, string> }).filter).filter((f) => f.regionCode);
    expect(filters.map((f) => f.stage)).toContain('ENERGIZATION');
  });
});
