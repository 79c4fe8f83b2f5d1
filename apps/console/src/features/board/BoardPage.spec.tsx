/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Operation } from 'urql';
import { renderPage } from '../../testing/render-page';
import type { CaseFilter } from '../../graphql/schema';
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

/** The real count of each stage: more than its first page holds for SUPPLY_SCHEME; none for the others. */
const COUNTS = [
  { __typename: 'CaseCount', stage: 'SURVEY', count: 2 },
  { __typename: 'CaseCount', stage: 'SUPPLY_SCHEME', count: 57 },
];

const emptyPage = { __typename: 'CaseConnection', edges: [], pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null } };

const nameOf = (operation: Operation) => (operation.query.definitions[0] as { name: { value: string } }).name.value;

function renderBoard(seen: Operation[]) {
  return renderPage(<BoardPage />, {
    as: { sub: 'sup-1', roles: ['supervisor'] },
    path: '/board',
    seen,
    answer: (operation) => {
      if (nameOf(operation) === 'CaseBoardCounts') return { data: { caseCounts: COUNTS } };
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
  it('shows each case under its stage, with the count of every case of the stage and a link to the case', async () => {
    const seen: Operation[] = [];
    renderBoard(seen);
    expect(screen.getByRole('heading', { level: 1, name: '案件看板' })).toBeTruthy();
    const survey = await screen.findByRole('region', { name: '现场勘查：2 件' });
    const link = await within(survey).findByRole('link', { name: 'YK-2026-000001' });
    expect(link.getAttribute('href')).toBe('/cases/case-1');
    expect(within(survey).getByRole('link', { name: 'YK-2026-000002' })).toBeTruthy();
    // One case loaded of the 57 counted: the column says 57, and offers more.
    const scheme = await screen.findByRole('region', { name: '供电方案：57 件' });
    expect(await within(scheme).findByRole('link', { name: 'YK-2026-000003' })).toBeTruthy();
    expect(within(scheme).queryByRole('link', { name: 'YK-2026-000001' })).toBeNull();
    expect(within(scheme).getByRole('button', { name: '加载更多' })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: '受理：0 件' })).getByText('无案件')).toBeTruthy();
  });

  it('counts every stage in one request with the filters, and sends them with each stage of its column', async () => {
    const seen: Operation[] = [];
    renderBoard(seen);
    const variablesOf = (name: string) => seen.filter((o) => nameOf(o) === name).map((o) => o.variables as { filter: CaseFilter });
    /** The different filters the counts were asked for, in order (the client may ask again for the same). */
    const countFilters = () => [...new Set(variablesOf('CaseBoardCounts').map((v) => JSON.stringify(v.filter)))];
    await screen.findByRole('region', { name: '现场勘查：2 件' });
    expect(countFilters()).toEqual(['{}']);
    fireEvent.change(screen.getByLabelText('区域代码'), { target: { value: ' 310104 ' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(variablesOf('CaseBoardColumn').filter((v) => v.filter.regionCode === '310104')).toHaveLength(9));
    expect(countFilters()).toEqual(['{}', '{"regionCode":"310104"}']);
    const columns = variablesOf('CaseBoardColumn').filter((v) => v.filter.regionCode);
    expect(columns.map((v) => v.filter.stage)).toContain('ENERGIZATION');
  });

  it('names each column by its stage and count in English too', async () => {
    renderPage(<BoardPage />, {
      as: { sub: 'sup-1', roles: ['supervisor'] },
      path: '/board',
      locale: 'en',
      answer: (operation) => (nameOf(operation) === 'CaseBoardCounts' ? { data: { caseCounts: COUNTS } } : { data: { cases: emptyPage } }),
    });
    expect(await screen.findByRole('region', { name: 'Supply scheme: 57' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Application: 0' })).toBeTruthy();
  });

  it('names the columns by stage alone, and says so, when the counts fail', async () => {
    renderPage(<BoardPage />, {
      as: { sub: 'sup-1', roles: ['supervisor'] },
      path: '/board',
      locale: 'en',
      answer: (operation) =>
        nameOf(operation) === 'CaseBoardCounts'
          ? { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }
          : {
              data: {
                cases: {
                  __typename: 'CaseConnection',
                  edges: [],
                  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
                },
              },
            },
    });
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Site survey' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: /Site survey: / })).toBeNull();
  });
});
