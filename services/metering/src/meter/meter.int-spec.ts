import { randomUUID } from 'node:crypto';
import { createEvent } from '@yekuo/events';
import { graphql, ServiceHarness, waitFor } from '@yekuo/testing';
import {
  inAnHour,
  MeterView,
  METERS_QUERY,
  meteringKit,
  MeteringKit,
  meterNumber,
  newCase,
  schemeConfirmed,
  startMetering,
} from '../testing/metering.fixtures';

jest.setTimeout(180_000);

describe('meters: the inventory and assignment to cases (two instances in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: MeteringKit;
  beforeAll(async () => {
    h = await startMetering();
    k = await meteringKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  describe('the meter inventory', () => {
    it('registers a meter with the transformer ratios its type needs, and names every fault at once', async () => {
      const { a, b, tokens, call, ok, failure } = k;
      const hv = await failure(a, 'registerMeter', tokens.techA, {
        number: meterNumber('HV'),
        type: 'HV_CT_PT',
        accuracyClass: 'CLASS_0_2S',
      });
      expect(hv.extensions?.code).toBe('VALIDATION_FAILED');
      expect(hv.extensions?.fields).toEqual([
        { field: 'input.ctRatio', message: expect.stringContaining('(rule METER_TYPE_CT_RATIO)') },
        { field: 'input.ptRatio', message: expect.stringContaining('(rule METER_TYPE_PT_RATIO)') },
      ]);
      const ctOnly = await failure(b, 'registerMeter', tokens.techB, {
        number: meterNumber('CT'),
        type: 'THREE_PHASE_CT',
        accuracyClass: 'CLASS_0_5S',
        ptRatio: '10000/100',
      });
      expect(ctOnly.extensions?.fields?.map((f) => f.field)).toEqual(['input.ctRatio', 'input.ptRatio']);
      const direct = await failure(a, 'registerMeter', tokens.techA, {
        number: meterNumber('SP'),
        type: 'SINGLE_PHASE',
        accuracyClass: 'CLASS_2',
        ctRatio: '200/5',
      });
      expect(direct.extensions?.fields).toEqual([
        { field: 'input.ctRatio', message: expect.stringContaining('leave the current transformer ratio out') },
      ]);
      // A type or class outside the MeterType and AccuracyClass enums is refused by GraphQL (0.2S is CLASS_0_2S in the graph).
      const outsideEnums = await call(a, 'registerMeter', tokens.techA, { number: meterNumber('E'), type: 'SMART', accuracyClass: '0.2S' });
      expect(outsideEnums.data ?? null).toBeNull();
      expect(outsideEnums.errors?.map((e) => [e.extensions?.code, e.message.match(/does not exist in "(\w+)" enum/)?.[1]]).sort()).toEqual([
        ['BAD_USER_INPUT', 'AccuracyClass'],
        ['BAD_USER_INPUT', 'MeterType'],
      ]);
      const everything = await failure(a, 'registerMeter', tokens.techA, {
        number: ' ',
        type: 'SINGLE_PHASE',
        accuracyClass: 'CLASS_2',
        ctRatio: '200:5',
      });
      expect(new Set(everything.extensions?.fields?.map((f) => f.field))).toEqual(new Set(['input.number', 'input.ctRatio']));

      const number = meterNumber('HV');
      const registered = await ok(b, 'registerMeter', tokens.admin, {
        number: ` ${number} `,
        type: 'HV_CT_PT',
        accuracyClass: 'CLASS_0_2S',
        ctRatio: '100/5',
        ptRatio: '10000/100',
      });
      expect(registered).toMatchObject({
        number,
        type: 'HV_CT_PT',
        ctRatio: '100/5',
        ptRatio: '10000/100',
        status: 'IN_STOCK',
        assignedAt: null,
      });
      const duplicate = await failure(a, 'registerMeter', tokens.techA, { number, type: 'SINGLE_PHASE', accuracyClass: 'CLASS_2' });
      expect(duplicate.extensions?.code).toBe('CONFLICT');

      for (const token of [tokens.officer, tokens.supervisor, tokens.auditor, tokens.customer]) {
        const denied = await failure(a, 'registerMeter', token, {
          number: meterNumber('X'),
          type: 'SINGLE_PHASE',
          accuracyClass: 'CLASS_2',
        });
        expect(denied.extensions?.code).toBe('FORBIDDEN');
      }
    });

    it('lists meters by number a page at a time, filtered, to metering staff only', async () => {
      const { a, tokens, register, expectOk } = k;
      const prefix = meterNumber('PG');
      for (const n of [3, 1, 2]) await register(`${prefix}-${n}`, 'THREE_PHASE_DIRECT', 'CLASS_1');
      await register(`${prefix}-4`, 'SINGLE_PHASE', 'CLASS_2');
      const page = (token: string, variables: Record<string, unknown>) =>
        graphql<{ meters: { edges: { cursor: string; node: MeterView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
          a.url,
          METERS_QUERY,
          variables,
          token,
        );
      const filter = { numberPrefix: prefix, type: 'THREE_PHASE_DIRECT', status: 'IN_STOCK' };
      const first = expectOk(await page(tokens.auditor, { filter, first: 2 }));
      expect(first.meters.edges.map((e) => e.node.number)).toEqual([`${prefix}-1`, `${prefix}-2`]);
      expect(first.meters.pageInfo.hasNextPage).toBe(true);
      const second = expectOk(await page(tokens.techB, { filter, first: 2, after: first.meters.pageInfo.endCursor }));
      expect(second.meters.edges.map((e) => e.node.number)).toEqual([`${prefix}-3`]);
      expect(second.meters.pageInfo).toEqual({ hasNextPage: false, endCursor: second.meters.edges[0].cursor });
      const all = expectOk(await page(tokens.admin, { filter: { numberPrefix: prefix }, first: 10 }));
      expect(all.meters.edges).toHaveLength(4);

      expect((await page(tokens.customer, { first: 1 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await page(tokens.officer, { first: 1 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const tooMany = await page(tokens.techA, { first: 1000 });
      expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'first' }] });
      const unknownStatus = await page(tokens.techA, { filter: { status: 'LOST' }, first: 1 });
      expect(unknownStatus.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(unknownStatus.errors?.[0].message).toContain('"LOST" does not exist in "MeterStatus" enum');
      const badPage = await page(tokens.techA, { filter: { numberPrefix: ' '.repeat(100) }, first: 0, after: '!!' });
      expect(badPage.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(badPage.errors?.[0].extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['filter.numberPrefix', 'first', 'after']),
      );
    });

    it('retires a meter in stock only, and never assigns a retired one', async () => {
      const { a, b, tokens, ok, failure, register, meterByNumber, readMetering, publish, installation } = k;
      // A meter in service: installed on a case of this test.
      const site = newCase('LV_RESIDENTIAL');
      const onSite = await k.scheduledCase(site);
      await ok(b, 'recordMeterInstallation', tokens.techB, installation(site.caseId));
      const meter = await register(meterNumber('RT'), 'SINGLE_PHASE', 'CLASS_2');
      const retired = await ok(b, 'retireMeter', tokens.techB, { meterId: meter.id, reason: 'Failed the verification test' });
      expect(retired).toMatchObject({ status: 'RETIRED' });
      const again = await failure(a, 'retireMeter', tokens.techA, { meterId: meter.id, reason: 'again' });
      expect(again.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RETIRED', requires: ['IN_STOCK'] });
      const installed = await meterByNumber(onSite.number);
      expect(installed.status).toBe('INSTALLED');
      const inService = await failure(a, 'retireMeter', tokens.admin, { meterId: installed.id, reason: 'worn out' });
      expect(inService.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'INSTALLED' });
      expect((await failure(a, 'retireMeter', tokens.supervisor, { meterId: meter.id, reason: 'x' })).extensions?.code).toBe('FORBIDDEN');

      const c = newCase('LV_RESIDENTIAL');
      await publish(schemeConfirmed(c));
      await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
      const refused = await failure(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterId: meter.id });
      expect(refused).toMatchObject({ message: expect.stringContaining('retired'), extensions: { code: 'CONFLICT' } });
    });
  });

  describe("assignment by the scheme's metering method", () => {
    it('refuses to install a meter that no longer fits after a later scheme version changed the metering method', async () => {
      const { a, tokens, ok, failure, register, readMetering, publish, installation } = k;
      const c = newCase('HV_SINGLE_SOURCE');
      const v1 = schemeConfirmed(c);
      await publish(v1);
      await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
      const meter = await register(meterNumber('HVM'), 'HV_CT_PT', 'CLASS_0_2S', { ctRatio: '100/5', ptRatio: '10000/100' });
      await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
      await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
      // The customer's changed scheme meters on the low-voltage side now.
      await publish(
        createEvent(
          'planning.scheme.confirmed.v1',
          { ...v1.data, schemeId: randomUUID(), version: 2, meteringMethod: 'HIGH_SUPPLY_LOW_METERING' },
          { source: '/yekuo/planning' },
        ),
      );
      await waitFor(
        'the new scheme version',
        async () => (await readMetering(a, tokens.techA, c.caseId))?.meteringMethod === 'HIGH_SUPPLY_LOW_METERING',
      );
      const refused = await failure(a, 'recordMeterInstallation', tokens.techA, installation(c.caseId));
      expect(refused.extensions?.code).toBe('CONFLICT');
      expect(refused.message).toContain('no longer fits');
    });

    it('refuses a meter of the wrong type or class for the metering method, naming the rule', async () => {
      const { a, b, tokens, ok, failure, register, meterByNumber, readMetering } = k;
      const hv = newCase('HV_SINGLE_SOURCE');
      await k.openCase(hv);
      const single = await register(meterNumber('SP'), 'SINGLE_PHASE', 'CLASS_2');
      const wrong = await failure(a, 'assignMeter', tokens.techA, { caseId: hv.caseId, meterNumber: single.number });
      expect(wrong.extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        rules: ['METERING_METHOD_METER_TYPE', 'METERING_METHOD_ACCURACY_CLASS'],
      });
      expect(wrong.extensions?.fields).toEqual([
        {
          field: 'input.meterNumber',
          message: expect.stringMatching(
            /SINGLE_PHASE meter does not fit the metering method HIGH_SUPPLY_HIGH_METERING.*rule METERING_METHOD_METER_TYPE/,
          ),
        },
        { field: 'input.meterNumber', message: expect.stringContaining('rule METERING_METHOD_ACCURACY_CLASS') },
      ]);
      const lowSide = await register(meterNumber('CT'), 'THREE_PHASE_CT', 'CLASS_0_5S', { ctRatio: '400/5' });
      const byId = await failure(b, 'assignMeter', tokens.techB, { caseId: hv.caseId, meterId: lowSide.id });
      expect(byId.extensions).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['METERING_METHOD_METER_TYPE'] });
      expect(byId.extensions?.fields?.map((f) => f.field)).toEqual(['input.meterId']);

      // Nothing changed: the meters are in stock and the case still waits for its meter.
      expect((await meterByNumber(single.number)).status).toBe('IN_STOCK');
      expect((await readMetering(a, tokens.techA, hv.caseId))?.status).toBe('OPEN');

      const fitting = await register(meterNumber('HV'), 'HV_CT_PT', 'CLASS_0_5S', { ctRatio: '50/5', ptRatio: '10000/100' });
      const assigned = await ok(a, 'assignMeter', tokens.techA, { caseId: hv.caseId, meterId: fitting.id });
      expect(assigned.metering).toMatchObject({
        status: 'METER_ASSIGNED',
        meter: { number: fitting.number, type: 'HV_CT_PT', accuracyClass: 'CLASS_0_5S', ctRatio: '50/5', ptRatio: '10000/100' },
      });
    });

    it('lets exactly one of many concurrent assignments of one meter win', async () => {
      const { a, b, tokens, dataSource, call, register, readMetering, publish, meteringEvents } = k;
      const contenders = Array.from({ length: 6 }, () => newCase('LV_RESIDENTIAL'));
      await publish(...contenders.map((c) => schemeConfirmed(c)));
      await waitFor('the contenders to open', async () =>
        (await Promise.all(contenders.map((c) => readMetering(b, tokens.techB, c.caseId)))).every(Boolean),
      );
      const meter = await register(meterNumber('RACE'), 'SINGLE_PHASE', 'CLASS_1');
      const answers = await Promise.all(
        contenders.map((c, i) =>
          call(i % 2 === 0 ? a : b, 'assignMeter', i % 2 === 0 ? tokens.techA : tokens.techB, { caseId: c.caseId, meterId: meter.id }),
        ),
      );
      expect(answers.filter((r) => !r.errors)).toHaveLength(1);
      expect(answers.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
      const rows = await dataSource.query<{ case_id: string }[]>('SELECT case_id FROM meter_assignment WHERE meter_id = $1', [meter.id]);
      expect(rows).toHaveLength(1);
      const winner = contenders[answers.findIndex((r) => !r.errors)];
      expect(rows[0].case_id).toBe(winner.caseId);
      const losers = contenders.filter((c) => c !== winner);
      for (const c of losers) expect((await readMetering(a, tokens.techA, c.caseId))?.status).toBe('OPEN');
      await waitFor('the assignment event', () => meteringEvents('metering.meter.assigned.v1', winner.caseId).length === 1);
      expect(losers.flatMap((c) => meteringEvents('metering.meter.assigned.v1', c.caseId))).toEqual([]);
    });
  });
});
