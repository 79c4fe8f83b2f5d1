import { DataSource } from 'typeorm';
import { CASE_EVENT_TYPES } from '@yekuo/events';
import { ErrorCode } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import {
  application,
  clerkOf,
  errorOf,
  newCustomer,
  residentId,
  SEARCH,
  startIntake,
  submit,
  supervisorOf,
  Terms,
} from '../testing/intake.fixtures';

jest.setTimeout(120_000);

const COUNTS = `query ($filter: CaseFilter, $groupBy: [CaseCountDimension!]!) {
  caseCounts(filter: $filter, groupBy: $groupBy) { stage category count }
}`;

const RESIDENTIAL: Terms = {};
const COMMERCIAL: Terms = { usage: 'COMMERCIAL', voltageLevel: 'AC380V' };
const FACTORY: Terms = { usage: 'INDUSTRIAL', voltageLevel: 'AC10KV' };

/** The cases of this file's own database: their terms, region and the stage each is then put in. */
const SEEDS: { terms: Terms; regionCode: string; stage: string }[] = [
  { terms: RESIDENTIAL, regionCode: '310104', stage: 'APPLICATION' },
  { terms: RESIDENTIAL, regionCode: '310104', stage: 'APPLICATION' },
  { terms: RESIDENTIAL, regionCode: '310115', stage: 'SURVEY' },
  { terms: COMMERCIAL, regionCode: '310115', stage: 'SURVEY' },
  { terms: COMMERCIAL, regionCode: '310104', stage: 'METER_INSTALLATION' },
  { terms: FACTORY, regionCode: '310115', stage: 'APPLICATION' },
  { terms: RESIDENTIAL, regionCode: '310104', stage: 'ARCHIVED' },
];

describe('caseCounts: staff counts of cases by stage and customer category (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startIntake();
    const clerk = clerkOf(h);
    const dataSource = h.app.get(DataSource);
    const created = [];
    for (const [i, { terms, regionCode }] of SEEDS.entries()) {
      created.push(await submit(clerk, application({ ...terms, regionCode }, { idNumber: residentId(), name: `客户${i}` })));
    }
    // The journey moves a case on from the other services' events; here the stage is set directly, once the journey
    // has recorded every event intake published (it writes the stage it derives on each).
    await h.waitFor('the journey to record every event published', async () => {
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_message o
         WHERE o.type = ANY($1) AND NOT EXISTS (SELECT 1 FROM journey_event j WHERE j.event_id = o.id::text)`,
        [CASE_EVENT_TYPES],
      );
      return n === 0;
    });
    for (const [i, { stage }] of SEEDS.entries()) {
      await dataSource.query('UPDATE connection_case SET stage = $1 WHERE id = $2', [stage, created[i].id]);
    }
  });
  afterAll(async () => {
    await h?.stop();
  });

  const counts = async (groupBy: string[], filter?: Record<string, unknown>) =>
    (await supervisorOf(h).query(COUNTS, { groupBy, filter })).caseCounts;

  it('counts by stage, by category and by both, only the groups with cases, in the declared order of the values', async () => {
    expect(await counts(['STAGE'])).toEqual([
      { stage: 'APPLICATION', category: null, count: 3 },
      { stage: 'SURVEY', category: null, count: 2 },
      { stage: 'METER_INSTALLATION', category: null, count: 1 },
      { stage: 'ARCHIVED', category: null, count: 1 },
    ]);
    expect(await counts(['CATEGORY'])).toEqual([
      { stage: null, category: 'LV_RESIDENTIAL', count: 4 },
      { stage: null, category: 'LV_NON_RESIDENTIAL', count: 2 },
      { stage: null, category: 'HV_SINGLE_SOURCE', count: 1 },
    ]);
    expect(await counts(['STAGE', 'CATEGORY'])).toEqual([
      { stage: 'APPLICATION', category: 'LV_RESIDENTIAL', count: 2 },
      { stage: 'APPLICATION', category: 'HV_SINGLE_SOURCE', count: 1 },
      { stage: 'SURVEY', category: 'LV_RESIDENTIAL', count: 1 },
      { stage: 'SURVEY', category: 'LV_NON_RESIDENTIAL', count: 1 },
      { stage: 'METER_INSTALLATION', category: 'LV_NON_RESIDENTIAL', count: 1 },
      { stage: 'ARCHIVED', category: 'LV_RESIDENTIAL', count: 1 },
    ]);
    // The groups are sorted by the dimensions in the order they are named.
    expect((await counts(['CATEGORY', 'STAGE'])).map((c: { stage: string; category: string }) => `${c.category} ${c.stage}`)).toEqual([
      'LV_RESIDENTIAL APPLICATION',
      'LV_RESIDENTIAL SURVEY',
      'LV_RESIDENTIAL ARCHIVED',
      'LV_NON_RESIDENTIAL SURVEY',
      'LV_NON_RESIDENTIAL METER_INSTALLATION',
      'HV_SINGLE_SOURCE APPLICATION',
    ]);
  });

  it('counts what the staff search lists under the same filter', async () => {
    const pudong = { regionCode: '310115' };
    expect(await counts(['STAGE'], pudong)).toEqual([
      { stage: 'APPLICATION', category: null, count: 1 },
      { stage: 'SURVEY', category: null, count: 2 },
    ]);
    const listed = (await supervisorOf(h).query(SEARCH, { filter: pudong, first: 100 })).cases.edges;
    expect(listed).toHaveLength(3);

    expect(await counts(['STAGE'], { regionCode: '310104', category: 'LV_RESIDENTIAL' })).toEqual([
      { stage: 'APPLICATION', category: null, count: 2 },
      { stage: 'ARCHIVED', category: null, count: 1 },
    ]);
    expect(await counts(['CATEGORY'], { stage: 'CONSTRUCTION' })).toEqual([]);
  });

  it('refuses customers and agents as the staff search does', async () => {
    const customer = newCustomer(h);
    const agent = h.as('agent', { sub: 'agent-1', actsFor: [customer.id] });
    for (const caller of [customer.caller, agent]) {
      expect(errorOf(await caller.raw(COUNTS, { groupBy: ['STAGE'] })).code).toBe(ErrorCode.FORBIDDEN);
      expect(errorOf(await caller.raw(SEARCH, { first: 5 })).code).toBe(ErrorCode.FORBIDDEN);
    }
  });

  it('refuses no dimension or a repeated one, and a bad filter, as VALIDATION_FAILED naming the argument', async () => {
    const supervisor = supervisorOf(h);
    for (const groupBy of [[], ['STAGE', 'STAGE'], ['CATEGORY', 'STAGE', 'CATEGORY']]) {
      const refused = errorOf(await supervisor.raw(COUNTS, { groupBy }));
      expect({ groupBy, code: refused.code, fields: refused.fields?.map((f) => f.field) }).toEqual({
        groupBy,
        code: ErrorCode.VALIDATION_FAILED,
        fields: ['groupBy'],
      });
    }
    const badRegion = errorOf(await supervisor.raw(COUNTS, { groupBy: ['STAGE'], filter: { regionCode: '31' } }));
    expect(badRegion.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(badRegion.fields?.map((f) => f.field)).toEqual(['filter.regionCode']);
  });
});
