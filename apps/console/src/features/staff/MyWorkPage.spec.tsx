/** @jest-environment jsdom */
import { fireEvent, screen, within } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../i18n/i18n';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { MyWorkPage } from './MyWorkPage';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

function item(n: number, due: number | null, code = 'REVIEW_APPLICATION') {
  return {
    __typename: 'WorkItemEdge',
    cursor: `c${n}`,
    node: {
      __typename: 'WorkItem',
      caseId: `case-${n}`,
      caseNumber: `YK-2026-00012${n}`,
      category: 'LV_NON_RESIDENTIAL',
      regionCode: '310104',
      action: {
        __typename: 'CaseAction',
        code,
        role: 'INTAKE_CLERK',
        team: 'intake-310104',
        description: 'Check the application for completeness: accept it, or return it with one notice',
        since: new Date(Date.now() - DAY).toISOString(),
        due: due === null ? null : new Date(due).toISOString(),
        clock:
          due === null
            ? null
            : { __typename: 'CaseActionClock', stage: 'ACCEPTANCE', deadline: new Date(due).toISOString(), provisional: false },
      },
    },
  };
}

function page(edges: unknown[], endCursor: string | null, hasNextPage = false) {
  return { data: { myWork: { __typename: 'WorkItemConnection', edges, pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor } } } };
}

function renderWork(answer: (operation: Operation) => CannedAnswer, locale: Locale = 'zh-CN') {
  const clerk = { sub: 'clerk-1', roles: ['intake-clerk'], team: 'intake-310104', regions: ['310104'] };
  return renderPage(<MyWorkPage />, { as: clerk, locale, answer, path: '/work' });
}

describe('MyWorkPage', () => {
  it('lists an open action with a link to its case and how its due time stands', async () => {
    const soon = Date.now() + 3 * DAY + 2.5 * HOUR;
    const late = Date.now() - 5 * HOUR - 20 * 1000;
    renderWork(() => page([item(1, late, 'REVIEW_APPLICATION'), item(2, soon, 'SCHEDULE_SURVEY')], 'c2'));

    const link = await screen.findByRole('link', { name: 'YK-2026-000121' });
    expect(link.getAttribute('href')).toBe('/cases/case-1');
    expect(screen.getByRole('heading', { level: 1, name: '我的待办' })).toBeTruthy();
    for (const header of ['案件编号', '客户类别', '区域', '待办事项', '角色 / 班组', '开始时间', '期限']) {
      expect(screen.getByRole('columnheader', { name: header })).toBeTruthy();
    }
    const [, overdueRow, onTimeRow] = screen.getAllByRole('row');
    expect(within(overdueRow).getByText('审核受理')).toBeTruthy();
    expect(within(overdueRow).getByText('低压非居民')).toBeTruthy();
    expect(within(overdueRow).getByText('受理员')).toBeTruthy();
    const overdue = within(overdueRow).getByText('超期 5 小时').closest('.ant-tag')!;
    expect(overdue.className).toContain('ant-tag-red');
    const onTime = within(onTimeRow).getByText('剩余 3 天 2 小时').closest('.ant-tag')!;
    expect(onTime.className).toContain('ant-tag-green');
    expect(within(onTimeRow).getByText('预约现场勘查')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
  });

  it('loads the next page after the last cursor', async () => {
    const afters: unknown[] = [];
    renderWork((operation) => {
      const { after } = operation.variables as { after: string | null };
      afters.push(after);
      return after === 'c1' ? page([item(2, null, 'ARCHIVE')], 'c2') : page([item(1, null)], 'c1', true);
    }, 'en');
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'YK-2026-000122' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'YK-2026-000121' })).toBeTruthy();
    expect(screen.getByText('Archive')).toBeTruthy();
    expect(screen.getAllByText('No time limit')).toHaveLength(2);
    expect(afters).toEqual([null, 'c1']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says so when there is nothing to do', async () => {
    renderWork(() => page([], null));
    expect(await screen.findByText('暂无待办事项')).toBeTruthy();
  });
});
