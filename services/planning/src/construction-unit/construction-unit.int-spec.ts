import { randomUUID } from 'node:crypto';
import { ServiceHarness } from '@yekuo/testing';
import {
  call,
  CASES,
  customerOf,
  databaseOf,
  failure,
  newCase,
  ok,
  open,
  readCase,
  registerUnits,
  startPlanning,
  SURVEY,
  SURVEYOR,
  surveyed,
  UnitRegistry,
  UNITS_QUERY,
} from '../testing/planning.fixtures';

jest.setTimeout(120_000);

describe('construction units: the registry, the customer’s choice and fair recommendations (real PostgreSQL and RabbitMQ)', () => {
  /** The registry's pages list every unit of a region: no other test may register one there. */
  describe('on a service of its own', () => {
    let h: ServiceHarness;
    beforeAll(async () => {
      h = await startPlanning();
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('keeps the construction-unit registry: staff only, every field at fault, each change recorded, filtered pages', async () => {
      const [surveyor, planner, admin, approver1] = [h.as('surveyor', SURVEYOR), h.as('planner'), h.as('admin'), h.as('approver')];
      const lvCustomer = h.as('customer', { sub: randomUUID() });
      const units = new UnitRegistry(planner);
      const register = (key: string, over: Record<string, unknown>) => units.register(key, over);

      const input = {
        name: 'X',
        licenceNumber: 'L-X',
        qualificationClass: 'CLASS_3',
        maxVoltageKv: 10,
        regions: ['310101'],
        validUntil: '2030-01-01',
      };
      for (const caller of [surveyor, lvCustomer, approver1]) {
        expect((await failure('registerConstructionUnit', caller, input)).extensions?.code).toBe('FORBIDDEN');
      }
      const unknownClass = await failure('registerConstructionUnit', planner, { ...input, qualificationClass: 'CLASS_9' });
      expect(unknownClass.extensions?.code).toBe('BAD_USER_INPUT');
      expect(unknownClass.message).toContain('"CLASS_9" does not exist in "QualificationClass" enum');
      const invalid = await failure('registerConstructionUnit', planner, {
        name: ' ',
        licenceNumber: '',
        qualificationClass: 'CLASS_5',
        maxVoltageKv: -1,
        regions: ['Pudong'],
        validUntil: '2027-13-45',
      });
      expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(invalid.extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['input.name', 'input.licenceNumber', 'input.maxVoltageKv', 'input.regions', 'input.validUntil']),
      );

      // 310101: four eligible, one expired, one to be suspended.
      for (const key of ['A1', 'A2', 'A3', 'A4']) await register(key, {});
      await register('EXPIRED', { validUntil: '2020-12-31' });
      const suspendMe = await register('SUSPENDED', { qualificationClass: 'CLASS_1', maxVoltageKv: 500 });
      expect(suspendMe).toMatchObject({
        qualificationClassLabel: '一级',
        suspended: false,
        timesRecommended: 0,
        registeredBy: 'planner-1',
      });
      // 310104: two eligible for 10 kV / 1000 kVA (CLASS_4 needed), one whose class is too low.
      await register('B1', { regions: ['310104'], qualificationClass: 'CLASS_4', maxVoltageKv: 35 });
      await register('B2', { regions: ['310104', '310101'], qualificationClass: 'CLASS_2', maxVoltageKv: 220, validUntil: '2029-01-01' });
      await register('B-LOW', { regions: ['310104'], qualificationClass: 'CLASS_5', maxVoltageKv: 10 });
      // 310115: class 二级 for 35 kV / 9000 kVA.
      for (const key of ['C1', 'C2', 'C3']) await register(key, { regions: ['310115'], qualificationClass: 'CLASS_2', maxVoltageKv: 220 });

      const duplicate = await failure('registerConstructionUnit', admin, { ...input, licenceNumber: units.licence('A1') });
      expect(duplicate.extensions?.code).toBe('CONFLICT');

      const noReason = await failure('updateConstructionUnit', planner, { unitId: units.ids.SUSPENDED, suspended: true });
      expect(noReason.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.reason' }] });
      const suspended = await ok('updateConstructionUnit', admin, {
        unitId: units.ids.SUSPENDED,
        suspended: true,
        reason: 'Safety incident under investigation',
      });
      expect(suspended).toMatchObject({ suspended: true, suspensionReason: 'Safety incident under investigation' });
      expect(suspended.history).toEqual([
        expect.objectContaining({ kind: 'REGISTERED', changedBy: 'planner-1', changedByRole: 'PLANNER', reason: null }),
        {
          kind: 'SUSPENDED',
          changedBy: 'admin-1',
          changedByRole: 'ADMIN',
          reason: 'Safety incident under investigation',
          changes: [
            { field: 'suspended', from: 'false', to: 'true' },
            { field: 'suspensionReason', from: null, to: '"Safety incident under investigation"' },
          ],
        },
      ]);
      const renewed = await ok('updateConstructionUnit', planner, {
        unitId: units.ids.A4,
        validUntil: '2031-06-30',
        name: 'A4 Electric Works',
      });
      expect(renewed.history.at(-1)).toEqual({
        kind: 'UPDATED',
        changedBy: 'planner-1',
        changedByRole: 'PLANNER',
        reason: null,
        changes: [{ field: 'validUntil', from: '"2030-01-01"', to: '"2031-06-30"' }],
      });
      expect((await failure('updateConstructionUnit', planner, { unitId: randomUUID(), name: 'Nobody' })).extensions?.code).toBe(
        'NOT_FOUND',
      );

      // Pages of the registry, narrowed to a region.
      const page = async (filter: Record<string, unknown>, first: number, after?: string) => {
        const response = await lvCustomer.raw(UNITS_QUERY, { filter, first, after });
        expect(response.errors).toBeUndefined();
        return response.data!.constructionUnits as {
          edges: { cursor: string; node: { id: string; name: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      const first = await page({ regionCode: '310101' }, 4);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = await page({ regionCode: '310101' }, 4, first.pageInfo.endCursor!);
      expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges.at(-1)!.cursor });
      expect(new Set([...first.edges, ...rest.edges].map((e) => e.node.id))).toEqual(
        new Set([units.ids.A1, units.ids.A2, units.ids.A3, units.ids.A4, units.ids.EXPIRED, units.ids.SUSPENDED, units.ids.B2]),
      );
      const usable = await page({ regionCode: '310101', suspended: false, validOn: '2026-11-27', minQualificationClass: 'CLASS_3' }, 20);
      expect(new Set(usable.edges.map((e) => e.node.id))).toEqual(
        new Set([units.ids.A1, units.ids.A2, units.ids.A3, units.ids.A4, units.ids.B2]),
      );
      const history = await lvCustomer.raw(
        `
          {
            constructionUnits(first: 1) {
              edges {
                node {
                  history {
                    kind
                  }
                }
              }
            }
          }
        `,
      );
      expect(history.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('on a service shared by the tests below', () => {
    let h: ServiceHarness;
    beforeAll(async () => {
      h = await startPlanning();
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("records the customer's choice of a recommended or another qualified unit, without imposing one", async () => {
      const units = await registerUnits(h);
      // Two surveyed cases (with their recommendations) and one still waiting for its survey.
      const [REC, TWO, HV35] = [CASES.REC(), CASES.TWO(), CASES.HV35()];
      await surveyed(h, REC);
      await surveyed(h, TWO, { schedule: { appointmentAt: '2026-12-02T01:00:00Z' } });
      await open(h, HV35);
      const [planner, recCustomer, hvCustomer] = [h.as('planner'), customerOf(h, REC), customerOf(h, HV35)];
      const twoAgent = h.as('agent', { sub: 'agent-1', actsFor: [TWO.customerId] });
      const stranger = h.as('customer', { sub: randomUUID() });

      const both = await failure('chooseConstructionUnit', recCustomer, {
        caseId: REC.id,
        unitId: units.ids.A1,
        otherUnit: { name: 'Y', qualificationClass: 'CLASS_1', licenceNumber: 'Y-1' },
      });
      expect(new Set(both.extensions?.fields?.map((f) => f.field))).toEqual(new Set(['input.unitId', 'input.otherUnit']));
      expect((await failure('chooseConstructionUnit', planner, { caseId: REC.id, unitId: units.ids.A1 })).extensions?.code).toBe(
        'FORBIDDEN',
      );
      expect((await failure('chooseConstructionUnit', stranger, { caseId: REC.id, unitId: units.ids.A1 })).extensions?.code).toBe(
        'NOT_FOUND',
      );
      const notOffered = await failure('chooseConstructionUnit', recCustomer, { caseId: REC.id, unitId: units.ids.EXPIRED });
      expect(notOffered.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.unitId' }] });
      const early = await failure('chooseConstructionUnit', hvCustomer, { caseId: HV35.id, unitId: units.ids.C1 });
      expect(early.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AWAITING_SURVEY' });

      const offered = (await readCase(recCustomer, REC.id)).recommendedConstructionUnits.units[1];
      await ok('chooseConstructionUnit', recCustomer, { caseId: REC.id, unitId: offered.unitId });
      expect((await readCase(recCustomer, REC.id)).chosenConstructionUnit).toEqual({
        unitId: offered.unitId,
        unitName: offered.name,
        qualificationClass: offered.qualificationClass,
        licenceNumber: expect.stringMatching(/^L-/),
        fromRecommendation: true,
        chosenBy: REC.customerId,
      });

      // 10 kV / 1000 kVA needs CLASS_4 or higher.
      const tooLow = await failure('chooseConstructionUnit', twoAgent, {
        caseId: TWO.id,
        otherUnit: { name: 'Small Works', qualificationClass: 'CLASS_5', licenceNumber: 'S-5' },
      });
      expect(tooLow.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.otherUnit.qualificationClass' }] });
      expect(tooLow.extensions?.fields?.[0].message).toContain('CLASS_4');
      await ok('chooseConstructionUnit', twoAgent, {
        caseId: TWO.id,
        otherUnit: { name: 'Jinqiao Installation Co', qualificationClass: 'CLASS_3', licenceNumber: 'J-3' },
      });
      expect((await readCase(twoAgent, TWO.id)).chosenConstructionUnit).toMatchObject({
        unitId: null,
        unitName: 'Jinqiao Installation Co',
        fromRecommendation: false,
        chosenBy: 'agent-1',
      });

      const chosen = await h.waitFor('both choices announced', () => {
        const events = [
          ...h.eventsOf(REC.id, 'planning.constructionunit.chosen.v1'),
          ...h.eventsOf(TWO.id, 'planning.constructionunit.chosen.v1'),
        ];
        return events.length === 2 ? events : undefined;
      });
      expect(chosen.map((e) => e.data)).toEqual([
        expect.objectContaining({
          unitId: offered.unitId,
          unitName: offered.name,
          fromRecommendation: true,
          actor: { id: REC.customerId, role: 'customer' },
        }),
        expect.objectContaining({
          unitName: 'Jinqiao Installation Co',
          fromRecommendation: false,
          actor: { id: 'agent-1', role: 'agent' },
        }),
      ]);
      expect(chosen[1].data).not.toHaveProperty('unitId');
    });

    it('stays fair when recommendations are issued concurrently: 12 surveys at once among 4 units offer each unit 9 times', async () => {
      const [surveyor, planner] = [h.as('surveyor', SURVEYOR), h.as('planner')];
      // 310199 is served by these four units alone.
      const units = new UnitRegistry(planner);
      for (const key of ['F1', 'F2', 'F3', 'F4']) await units.register(key, { regions: ['310199'] });
      const fair = Array.from({ length: 12 }, () => newCase('LV_NON_RESIDENTIAL', 'AC380V', 40, '310199'));
      for (const c of fair) {
        await open(h, c);
        await ok('scheduleSurvey', planner, { caseId: c.id, surveyorId: 'surveyor-x', appointmentAt: '2026-12-10T01:00:00Z' });
      }
      const results = await Promise.all(fair.map((c) => call('recordSurvey', surveyor, SURVEY(c.id))));
      expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
      const counts = await databaseOf(h).query<{ times_recommended: number }[]>(
        'SELECT times_recommended FROM construction_unit WHERE id = ANY($1)',
        [[units.ids.F1, units.ids.F2, units.ids.F3, units.ids.F4]],
      );
      expect(counts.map((c) => c.times_recommended)).toEqual([9, 9, 9, 9]);
      const offers = await databaseOf(h).query<{ n: number }[]>(
        `SELECT jsonb_array_length(units)::int AS n FROM construction_unit_recommendation WHERE case_id = ANY($1)`,
        [fair.map((c) => c.id)],
      );
      expect(offers.map((o) => o.n)).toEqual(Array.from({ length: 12 }, () => 3));
    });
  });
});
