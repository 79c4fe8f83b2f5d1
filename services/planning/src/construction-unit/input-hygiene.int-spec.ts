import { randomUUID } from 'node:crypto';
import { encodeCursor } from '@yekuo/platform';
import { GraphQLResponse, ServiceHarness } from '@yekuo/testing';
import { call, startPlanning, UnitRegistry, UNITS_QUERY } from '../testing/planning.fixtures';

jest.setTimeout(120_000);

/** What PostgreSQL says about a value it refused, and other internals, which a caller must never read. */
const INTERNALS = /invalid input syntax|invalid byte sequence|out of range|overflow|UTF8|SELECT|INSERT|\.ts\b/;

function faultOf(response: GraphQLResponse) {
  expect(response.errors?.length).toBeGreaterThan(0);
  expect(JSON.stringify(response.errors)).not.toMatch(INTERNALS);
  const { code, fields } = response.errors![0].extensions ?? {};
  return { code, fields: (fields ?? []).map((f) => f.field) };
}

describe('input hygiene at planning’s boundary: numbers, days, search filters, cursors (real PostgreSQL)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startPlanning();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const unit = (over: Record<string, unknown>) => ({
    name: 'Huadong Electric Works',
    licenceNumber: `L-${randomUUID().slice(0, 8)}`,
    qualificationClass: 'CLASS_3',
    maxVoltageKv: 110,
    regions: ['310101'],
    validUntil: '2030-01-01',
    ...over,
  });

  it('refuses a number beyond its field’s bound, naming the field', async () => {
    const planner = h.as('planner');
    expect(faultOf(await call('registerConstructionUnit', planner, unit({ maxCapacityKva: 1e308 })))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.maxCapacityKva'],
    });
    expect(faultOf(await call('registerConstructionUnit', planner, unit({ maxCapacityKva: 10_000_001 })))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.maxCapacityKva'],
    });
    expect((await call('registerConstructionUnit', planner, unit({ maxCapacityKva: 10_000_000 }))).errors).toBeUndefined();
  });

  it('refuses days that do not exist or lie outside 2000–2099, naming the field', async () => {
    const planner = h.as('planner');
    for (const validUntil of ['2026-02-30', '9999-12-31', '0001-01-01']) {
      expect(faultOf(await call('registerConstructionUnit', planner, unit({ validUntil })))).toEqual({
        code: 'VALIDATION_FAILED',
        fields: ['input.validUntil'],
      });
    }
    expect(faultOf(await planner.raw(UNITS_QUERY, { filter: { validOn: '9999-12-31' }, first: 5 }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['filter.validOn'],
    });
  });

  it('refuses control characters in a search filter and in a unit’s name, naming the field', async () => {
    const planner = h.as('planner');
    expect(faultOf(await planner.raw(UNITS_QUERY, { filter: { nameContains: 'Elec\u0000' }, first: 5 }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['filter.nameContains'],
    });
    expect(faultOf(await call('registerConstructionUnit', planner, unit({ name: 'Huadong\u0000Works' })))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.name'],
    });
    expect(faultOf(await call('registerConstructionUnit', planner, unit({ name: 'Huadong\nWorks' })))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.name'],
    });
  });

  it('refuses a forged cursor as VALIDATION_FAILED naming `after`, and pages on with a real one', async () => {
    const planner = h.as('planner');
    const units = new UnitRegistry(planner);
    await units.register('P1', { regions: ['310110'] });
    await units.register('P2', { regions: ['310110'] });
    for (const after of [
      encodeCursor(['2026-03-01T10:00:00.000Z', '------------------------------------']),
      encodeCursor(['2026-02-30T10:00:00.000Z', randomUUID()]),
      encodeCursor(['+275760-09-13T00:00:00.000Z', randomUUID()]),
    ]) {
      expect(faultOf(await planner.raw(UNITS_QUERY, { filter: { regionCode: '310110' }, first: 1, after }))).toEqual({
        code: 'VALIDATION_FAILED',
        fields: ['after'],
      });
    }
    const first = await planner.query(UNITS_QUERY, { filter: { regionCode: '310110' }, first: 1 });
    const next = await planner.query(UNITS_QUERY, {
      filter: { regionCode: '310110' },
      first: 1,
      after: first.constructionUnits.pageInfo.endCursor,
    });
    expect(next.constructionUnits.edges).toHaveLength(1);
  });
});
