/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../i18n/i18n';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { DashboardPage } from './DashboardPage';

// jsdom has no canvas: the charts are left out, their tables are what is checked.
jest.mock('./EChart', () => ({ EChart: ({ label }: { label: string }) => <div role="img" aria-label={label} /> }));

const count = (stage: string | null, category: string | null, n: number) => ({ __typename: 'CaseCount', stage, category, count: n });
const clocks = (edges: unknown[]) => ({
  __typename: 'ClockOverviewConnection',
  edges,
  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
});
const overdueClock = {
  __typename: 'ClockOverviewEdge',
  cursor: 'k1',
  node: {
    __typename: 'ClockOverview',
    clockId: 'clock-1',
    caseId: 'case-9',
    caseNumber: 'YK-2026-000009',
    category: 'HV_SINGLE_SOURCE',
    stage: 'SUPPLY_SCHEME',
    round: null,
    team: 'planning-310104',
    limitDays: 15,
    deadline: '2026-03-01T16:00:00.000Z',
    provisional: false,
    pausedSince: null,
    remainingSeconds: -2 * 86400,
  },
};

function answer(operation: Operation): CannedAnswer {
  const name = (operation.query.definitions[0] as { name: { value: string } }).name.value;
  switch (name) {
    case 'DashboardBacklog':
      return {
        data: {
          // Far more than a page of cases in survey; archived cases are not open, so not in the backlog.
          byStage: [count('APPLICATION', null, 3), count('SURVEY', null, 120), count('CONSTRUCTION', null, 1), count('ARCHIVED', null, 40)],
          byStageAndCategory: [
            count('APPLICATION', 'LV_RESIDENTIAL', 3),
            count('SURVEY', 'LV_RESIDENTIAL', 100),
            count('SURVEY', 'HV_SINGLE_SOURCE', 20),
            count('CONSTRUCTION', 'HV_DUAL_SOURCE', 1),
            count('ARCHIVED', 'LV_RESIDENTIAL', 40),
          ],
        },
      };
    case 'DashboardStatistics':
      return {
        data: {
          onTimeRate: [{ __typename: 'OnTimeRateRow', key: 'SUPPLY_SCHEME', stopped: 8, onTime: 6, rate: 0.75 }],
          averageTimes: [
            { __typename: 'AverageTimesRow', key: 'SUPPLY_SCHEME', utilitySeconds: 3 * 86400, customerSeconds: 43200, count: 8 },
          ],
        },
      };
    case 'DashboardOverdueClocks':
      return { data: { overdueClocks: clocks([overdueClock]) } };
    case 'DashboardAtRiskClocks':
      return { data: { atRiskClocks: clocks([]) } };
    case 'DashboardTimeLimitReport':
      return {
        data: {
          timeLimitReport: {
            __typename: 'TimeLimitReport',
            month: '2026-02',
            jurisdiction: 'national',
            categories: [
              {
                __typename: 'TimeLimitReportRow',
                category: 'LV_RESIDENTIAL',
                accepted: 12,
                energized: 10,
                endToEndMeasured: 10,
                endToEndOnTime: 9,
                endToEndOnTimeRate: 0.9,
                links: [],
                averageUtilityWorkingDays: 4.25,
                averageCustomerWorkingDays: 1.5,
                breaches: [],
              },
            ],
          },
        },
      };
    default:
      throw new Error(`unexpected ${name}`);
  }
}

function renderDashboard(roles: string[], locale: Locale = 'zh-CN') {
  return renderPage(<DashboardPage />, { as: { sub: 'sup-1', roles }, locale, answer, path: '/dashboard' });
}

/** The table whose caption reads `caption` (ByRole with a name is slow on a page this size). */
async function table(caption: string | RegExp): Promise<HTMLElement> {
  const element = (await screen.findByText(caption, { selector: 'caption span' })).closest('table');
  expect(element).toBeTruthy();
  return element!;
}

describe('DashboardPage', () => {
  it('gives the figures of its charts as tables, and links the overdue steps to their cases', async () => {
    renderDashboard(['supervisor']);
    expect(screen.getByText('监管看板', { selector: 'h1' })).toBeTruthy();

    const backlog = await table('各环节在办案件数');
    const rowsOf = (table: HTMLElement) =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((tr) =>
          within(tr)
            .getAllByRole('cell')
            .map((td) => td.textContent),
        );
    expect(rowsOf(backlog)).toEqual([
      ['受理', '3'],
      ['现场勘查', '120'],
      ['供电方案', '0'],
      ['设计审查', '0'],
      ['工程建设', '1'],
      ['竣工检验', '0'],
      ['合同签订与缴费', '0'],
      ['装表接电', '0'],
      ['送电', '0'],
    ]);
    const chart = screen.getByRole('img', { name: /^各环节在办案件数柱状图/ });
    expect(chart.getAttribute('aria-label')).toContain('现场勘查 120（低压居民 100，高压单电源 20）');
    expect(chart.getAttribute('aria-label')).toContain('供电方案 0，');
    expect(chart.getAttribute('aria-label')).not.toContain('归档');

    const onTime = await table('按时完成率');
    const row = (await within(onTime).findByText('供电方案答复')).closest('tr')!;
    expect(within(row).getByText('75.0%')).toBeTruthy();
    expect(within(row).getByText('8')).toBeTruthy();
    const averageRow = (await within(await table('平均用时（天）')).findByText('供电方案答复')).closest('tr')!;
    expect(within(averageRow).getByText('3.0')).toBeTruthy();
    expect(within(averageRow).getByText('0.5')).toBeTruthy();

    const overdue = await table('已超过监管时限的在办环节，最早到期的在前');
    expect((await within(overdue).findByText('YK-2026-000009')).closest('a')!.getAttribute('href')).toBe('/cases/case-9');
    expect(await screen.findByText('没有临近超期的环节')).toBeTruthy();

    const report = await table(/时限报表/);
    expect(await within(report).findByText('90.0%')).toBeTruthy();
    expect(within(report).getByText('4.25')).toBeTruthy();
  }, 15_000);

  it('leaves the regulator’s report out for an admin, whom the graph does not give it', async () => {
    renderDashboard(['admin'], 'en');
    await table('On-time rate');
    expect(screen.getByText('Backlog by stage', { selector: 'h2' })).toBeTruthy();
    expect(screen.queryByText('Regulator’s time-limit report')).toBeNull();
  }, 15_000);
});
