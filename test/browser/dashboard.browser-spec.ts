import { expectData } from '@yekuo/testing';
import type { Locator, Page } from 'playwright-core';
import { LV_RESIDENTIAL_METER, LV_RESIDENTIAL_STEPS, LV_RESIDENTIAL_TERMS, walkPath } from '../e2e/operations';
import {
  asPerson,
  ConsoleFixture,
  Crew,
  crewFor,
  eventually,
  expectClean,
  newWalk,
  Person,
  pick,
  startConsoleFixture,
} from './browser.fixtures';

jest.setTimeout(240_000);

/** The open stages in the order the backlog and the board list them, with their English names. */
const STAGES = [
  ['APPLICATION', 'Application'],
  ['SURVEY', 'Site survey'],
  ['SUPPLY_SCHEME', 'Supply scheme'],
  ['DESIGN_REVIEW', 'Design review'],
  ['CONSTRUCTION', 'Construction'],
  ['COMPLETION_ACCEPTANCE', 'Completion acceptance'],
  ['CONTRACT_AND_FEES', 'Contract and fees'],
  ['METER_INSTALLATION', 'Meter installation'],
  ['ENERGIZATION', 'Energization'],
] as const;
type Stage = (typeof STAGES)[number][0];

/** Low-voltage residential cases walked through the API to the step `until`, and the stage each is then in. */
const SEEDS: { until: string; stage: Stage }[] = [
  { until: 'submit', stage: 'APPLICATION' },
  { until: 'upload documents', stage: 'APPLICATION' },
  { until: 'sign contract (utility)', stage: 'SURVEY' },
  { until: 'install meter', stage: 'ENERGIZATION' },
];

const SUPERVISOR: Person = { side: 'staff', roles: ['supervisor'], sub: 'supervisor-b1', name: 'Zhou Jiandu', team: '', regions: '310104' };
const CLERK: Person = {
  side: 'staff',
  roles: ['intake-clerk'],
  sub: 'clerk-b1',
  name: 'Wang Shouli',
  team: 'front-desk',
  regions: '310104',
};

/** The text of every body cell of `table`, row by row (an empty table: its one placeholder cell). */
async function cellsOf(table: Locator): Promise<string[][]> {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(async (row) => (await row.locator('td').allInnerTexts()).map((text) => text.trim())));
}

describe("The supervisor's dashboard and case board, and my work, over cases seeded through the API", () => {
  let f: ConsoleFixture;
  let crew: Crew;
  /** The seeded cases' numbers, in the order of SEEDS. */
  let numbers: string[];

  beforeAll(async () => {
    f = await startConsoleFixture();
    crew = await crewFor(f);
    numbers = await Promise.all(
      SEEDS.map(async ({ until }, n) => {
        const walk = await newWalk(f, crew, n, { terms: LV_RESIDENTIAL_TERMS, meter: LV_RESIDENTIAL_METER });
        await walkPath(LV_RESIDENTIAL_STEPS, walk, { until });
        return walk.number!;
      }),
    );
    // Each case stands where its walk left it, and the staff search has caught up with it.
    for (const [i, number] of numbers.entries()) {
      await eventually(
        `${number} in ${SEEDS[i].stage}`,
        async () => {
          const { caseByNumber } = expectData(
            await f.gql<{ caseByNumber: { journey: { currentStage: string } } }>(
              `query($n: String!) { caseByNumber(number: $n) { journey { currentStage } } }`,
              { n: number },
              crew.supervisor,
            ),
          );
          return caseByNumber.journey.currentStage;
        },
        SEEDS[i].stage,
      );
      await eventually(
        `the search to list ${number} in ${SEEDS[i].stage}`,
        async () => {
          const { cases } = expectData(
            await f.gql<{ cases: { edges: { node: { number: string } }[] } }>(
              `query($stage: CaseStage!) { cases(filter: { stage: $stage }, first: 100) { edges { node { number } } } }`,
              { stage: SEEDS[i].stage },
              crew.supervisor,
            ),
          );
          return cases.edges.some((e) => e.node.number === number);
        },
        true,
      );
    }
  }, 300_000);

  afterAll(async () => {
    await f?.stop();
  });

  const seededCount = (stage: Stage) => SEEDS.filter((s) => s.stage === stage).length;

  /** The supervisor opens Supervision from the menu. */
  const openSupervision = async (page: Page) => {
    await page.getByRole('link', { name: 'Supervision' }).click();
    await page.getByRole('heading', { level: 1, name: 'Supervision' }).waitFor();
  };

  it('Supervision lists the open cases by stage as seeded', async () => {
    await asPerson(f, SUPERVISOR, async (page) => {
      await openSupervision(page);
      await page.getByRole('heading', { level: 2, name: 'Backlog by stage', exact: true }).waitFor();
      await eventually(
        'the backlog',
        () => cellsOf(page.getByRole('table', { name: 'Open cases by stage' })),
        STAGES.map(([stage, name]) => [name, String(seededCount(stage))]),
      );
      expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    });
  });

  it('Supervision shows the on-time rates of the period and grouping asked for, and its sections, with nothing serious for axe', async () => {
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const { onTimeRate } = expectData(
      await f.gql<{ onTimeRate: { key: string; stopped: number; onTime: number; rate: number }[] }>(
        `query($filter: ClockStatisticsFilter!) { onTimeRate(filter: $filter) { key stopped onTime rate } }`,
        { filter: { from, to, groupBy: 'CATEGORY' } },
        crew.supervisor,
      ),
    );
    // The cases accepted so far stopped their acceptance clocks.
    expect(onTimeRate.map((r) => r.key)).toEqual(['LV_RESIDENTIAL']);
    expect(onTimeRate[0].stopped).toBeGreaterThanOrEqual(2);

    await asPerson(f, SUPERVISOR, async (page, watch) => {
      await openSupervision(page);
      for (const section of ['Backlog by stage', 'Time-limit statistics', 'Overdue', 'At risk', 'Regulator’s time-limit report'])
        await page.getByRole('heading', { level: 2, name: section, exact: true }).waitFor();
      await page.getByLabel('From', { exact: true }).waitFor();
      await page.getByLabel('To (inclusive)', { exact: true }).waitFor();
      await pick(page, 'Group by', 'By customer category');
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await eventually(
        'the on-time rates by category',
        () => cellsOf(page.getByRole('table', { name: 'On-time rate' })),
        onTimeRate.map((r) => ['Low voltage, residential', String(r.stopped), String(r.onTime), `${(r.rate * 100).toFixed(1)}%`]),
      );
      await page.getByRole('table', { name: 'Average times (days)' }).waitFor();
      await expectClean(page, watch, 'supervision');
    });
  });

  it('the case board shows each seeded case under its stage', async () => {
    await asPerson(f, SUPERVISOR, async (page, watch) => {
      await page.getByRole('link', { name: 'Case board' }).click();
      await page.getByRole('heading', { level: 1, name: 'Case board' }).waitFor();
      for (const [stage, name] of STAGES) {
        const column = page.getByRole('region', { name: `${name}: ${seededCount(stage)}`, exact: true });
        await column.getByRole('heading', { level: 2, name, exact: true }).waitFor();
        const expected = numbers.filter((_, i) => SEEDS[i].stage === stage).sort();
        expect({ stage, cases: (await column.getByRole('link').allInnerTexts()).sort() }).toEqual({ stage, cases: expected });
      }
      await expectClean(page, watch, 'case board');
    });
  });

  it("the intake clerk's work lists the applications waiting for review", async () => {
    await asPerson(f, CLERK, async (page, watch) => {
      await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
      const waiting = numbers.filter((_, i) => SEEDS[i].stage === 'APPLICATION');
      for (const number of waiting) await page.getByRole('link', { name: number, exact: true }).waitFor();
      // Cases past acceptance hold no work of the clerk.
      for (const number of numbers.filter((n) => !waiting.includes(n)))
        expect({ number, listed: await page.getByRole('link', { name: number, exact: true }).count() }).toEqual({ number, listed: 0 });
      await expectClean(page, watch, 'my work');
    });
  });
});
