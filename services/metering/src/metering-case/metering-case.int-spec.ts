import { randomUUID } from 'node:crypto';
import { EventPayload, parseEvent } from '@yekuo/events';
import { graphql, ServiceHarness, waitFor } from '@yekuo/testing';
import {
  contractSigned,
  feesSettled,
  inAnHour,
  LV_RESIDENTIAL_GATE,
  meteringKit,
  MeteringKit,
  meterNumber,
  newCase,
  schemeConfirmed,
  startMetering,
} from '../testing/metering.fixtures';

jest.setTimeout(180_000);

describe('metering case: facts, the gate, energization and archive (two instances in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: MeteringKit;
  beforeAll(async () => {
    h = await startMetering();
    k = await meteringKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('runs two instances on one database and one queue', () => {
    const { a, b } = k;
    expect(a.config.DATABASE_URL).toBe(b.config.DATABASE_URL);
    expect(a.config.AMQP_QUEUE_PREFIX).toBe(b.config.AMQP_QUEUE_PREFIX);
    expect(a.url).not.toBe(b.url);
  });

  describe('an LV residential case whose contract signature arrives before the scheme confirmation', () => {
    /** A new LV residential case, with tokens of its customer, their agent and another customer. */
    const lvCase = async () => {
      const lv = newCase('LV_RESIDENTIAL');
      return {
        lv,
        customer: await k.customerOf(lv),
        agent: await h.token('agent', { sub: 'agent-1', actsFor: [lv.customerId] }),
        otherCustomer: await h.token('customer', { sub: randomUUID() }),
      };
    };
    /** The LV case open in metering: its contract signature was recorded first, then the scheme confirmed. */
    const openLv = async () => {
      const fixture = await lvCase();
      await h.publishAndWait(contractSigned(fixture.lv));
      await k.openCase(fixture.lv);
      return fixture;
    };

    it('keeps a fact that arrives before the case, and ignores a signature by one party only', async () => {
      const { a, b, tokens, dataSource, failure, readMetering, publish, handled, deadLettered } = k;
      const { lv } = await lvCase();
      const before = handled();
      const partial = contractSigned(lv, false);
      const signed = contractSigned(lv, true);
      await publish(partial, signed, signed);
      await waitFor('three deliveries handled', () => handled() >= before + 3);
      expect(deadLettered()).toBe(0);

      const facts = await dataSource.query<Record<string, unknown>[]>(
        'SELECT condition, source, event_id, actor_id FROM metering_fact WHERE case_id = $1',
        [lv.caseId],
      );
      expect(facts).toEqual([
        {
          condition: 'CONTRACT_SIGNED',
          source: 'contracts.contract.signed.v1',
          event_id: signed.id,
          actor_id: 'officer-sign',
        },
      ]);
      const [row] = await dataSource.query<Record<string, unknown>[]>(
        'SELECT status, category, required_conditions, gate_opened_at FROM metering_case WHERE case_id = $1',
        [lv.caseId],
      );
      expect(row).toEqual({
        status: 'AWAITING_SCHEME',
        category: null,
        required_conditions: null,
        gate_opened_at: null,
      });

      // Not open in metering yet: nobody sees it, and meter work cannot start.
      expect(await readMetering(a, tokens.techA, lv.caseId)).toBeNull();
      const early = await failure(b, 'assignMeter', tokens.techB, {
        caseId: lv.caseId,
        meterNumber: 'LV-0001',
      });
      expect(early.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'AWAITING_SCHEME',
        requires: ['OPEN'],
      });
      const unknown = await failure(a, 'energize', tokens.techA, {
        caseId: randomUUID(),
      });
      expect(unknown.extensions?.code).toBe('NOT_FOUND');
    });

    it('opens the case on the scheme confirmation with the gate of its variant and the fact already recorded', async () => {
      const { a, b, tokens, readMetering, publish } = k;
      const { lv } = await lvCase();
      await h.publishAndWait(contractSigned(lv));
      const other = newCase('LV_RESIDENTIAL');
      const third = newCase('LV_RESIDENTIAL');
      const confirmed = schemeConfirmed(lv);
      await publish(confirmed, confirmed, schemeConfirmed(other), schemeConfirmed(third));
      const view = await waitFor('the LV case to open', () => readMetering(b, tokens.techB, lv.caseId));
      expect(view).toEqual({
        status: 'OPEN',
        meteringMethod: 'LOW_SUPPLY_LOW_METERING',
        meter: null,
        installation: null,
        requiredConditions: LV_RESIDENTIAL_GATE,
        recordedConditions: ['CONTRACT_SIGNED'],
        blockedBy: ['FEES_SETTLED', 'METER_INSTALLED'],
        gateOpen: false,
        gateOpenedAt: null,
        energizedAt: null,
        archivedAt: null,
        cancellation: null,
      });
      await waitFor(
        'the other cases to open',
        async () => (await readMetering(a, tokens.techA, other.caseId)) && readMetering(a, tokens.techA, third.caseId),
      );
    });

    it('refuses wrong roles, invalid input, steps out of order and a closed gate', async () => {
      const { a, b, tokens, failure, installation } = k;
      const { lv, customer } = await openLv();
      expect((await failure(a, 'energize', customer, { caseId: lv.caseId })).extensions?.code).toBe('FORBIDDEN');
      expect((await failure(a, 'energize', tokens.supervisor, { caseId: lv.caseId })).extensions?.code).toBe('FORBIDDEN');
      expect(
        (
          await failure(a, 'assignMeter', tokens.officer, {
            caseId: lv.caseId,
            meterNumber: 'X',
          })
        ).extensions?.code,
      ).toBe('FORBIDDEN');
      expect((await failure(b, 'archiveCase', tokens.auditor, { caseId: lv.caseId })).extensions?.code).toBe('FORBIDDEN');

      const assign = await failure(a, 'assignMeter', tokens.techA, {
        caseId: 'not-a-uuid',
        meterNumber: '   ',
        meterId: randomUUID(),
      });
      expect(assign.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(assign.extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['input.caseId', 'input.meterNumber', 'input.meterId']),
      );
      const neither = await failure(a, 'assignMeter', tokens.techA, { caseId: lv.caseId });
      expect(neither.extensions?.fields).toEqual([{ field: 'input.meterId', message: 'give the meter by meterId or meterNumber' }]);
      const unknownMeter = await failure(b, 'assignMeter', tokens.techB, { caseId: lv.caseId, meterNumber: 'NO-SUCH-METER' });
      expect(unknownMeter.extensions?.code).toBe('NOT_FOUND');
      const install = await failure(b, 'recordMeterInstallation', tokens.techB, {
        caseId: lv.caseId,
        installedAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
        reading: -1,
        sealNumbers: ['S-1', 'S-1', ' '],
      });
      expect(install.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(install.extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['input.installedAt', 'input.reading', 'input.sealNumbers']),
      );
      expect(
        (
          await failure(a, 'recordMeterInstallation', tokens.techA, {
            ...installation(lv.caseId),
            sealNumbers: [],
          })
        ).extensions?.fields,
      ).toEqual([expect.objectContaining({ field: 'input.sealNumbers' })]);

      const noMeter = await failure(a, 'recordMeterInstallation', tokens.techA, installation(lv.caseId));
      expect(noMeter.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'OPEN',
        requires: ['METER_ASSIGNED'],
      });
      const closed = await failure(b, 'energize', tokens.techB, {
        caseId: lv.caseId,
      });
      expect(closed.extensions).toMatchObject({
        code: 'GATE_CLOSED',
        requires: ['FEES_SETTLED', 'METER_INSTALLED'],
      });
      const schedule = await failure(a, 'scheduleInstallation', tokens.techA, {
        caseId: lv.caseId,
        technicianId: ' ',
        scheduledAt: new Date(Date.now() - 24 * 3600_000).toISOString(),
      });
      expect(schedule.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(schedule.extensions?.fields?.map((f) => f.field))).toEqual(new Set(['input.technicianId', 'input.scheduledAt']));
      expect(
        (await failure(a, 'scheduleInstallation', customer, { caseId: lv.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() }))
          .extensions?.code,
      ).toBe('FORBIDDEN');
      expect(
        (await failure(b, 'rescheduleInstallation', tokens.officer, { caseId: lv.caseId, scheduledAt: inAnHour(), reason: 'x' })).extensions
          ?.code,
      ).toBe('FORBIDDEN');
      const noReason = await failure(b, 'rescheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        scheduledAt: inAnHour(),
        reason: '  ',
      });
      expect(noReason.extensions?.fields).toEqual([expect.objectContaining({ field: 'input.reason' })]);
      const notScheduled = await failure(b, 'rescheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        scheduledAt: inAnHour(),
        reason: 'The customer asked for another day',
      });
      expect(notScheduled.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'NOT_SCHEDULED', requires: ['SCHEDULED'] });
      const notWithdrawn = await failure(a, 'recordMeterRemoval', tokens.techA, {
        caseId: lv.caseId,
        removedAt: new Date().toISOString(),
        reading: 1,
      });
      expect(notWithdrawn.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'OPEN', requires: ['CANCELLED'] });
      const notEnergized = await failure(a, 'archiveCase', tokens.supervisor, {
        caseId: lv.caseId,
      });
      expect(notEnergized.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'OPEN',
        requires: ['ENERGIZED'],
      });
    });

    it('assigns a meter from stock to one case only, also when two cases race for it', async () => {
      const { a, b, tokens, dataSource, call, ok, failure, register, meterByNumber } = k;
      const { lv } = await openLv();
      const other = newCase('LV_RESIDENTIAL');
      const third = newCase('LV_RESIDENTIAL');
      await k.openCase(other);
      await k.openCase(third);
      const [first, second, spare] = ['A', 'B', 'C'].map((p) => meterNumber(`LV${p}`));
      await register(first, 'SINGLE_PHASE', 'CLASS_2');
      await register(second, 'SINGLE_PHASE', 'CLASS_2');
      await register(spare, 'SINGLE_PHASE', 'CLASS_2');
      const assigned = await ok(a, 'assignMeter', tokens.techA, {
        caseId: lv.caseId,
        meterNumber: ` ${first} `,
      });
      expect(assigned.metering).toMatchObject({
        status: 'METER_ASSIGNED',
        meter: {
          number: first,
          type: 'SINGLE_PHASE',
          accuracyClass: 'CLASS_2',
          ctRatio: null,
          ptRatio: null,
          status: 'ASSIGNED',
          caseId: lv.caseId,
          assignedBy: 'tech-a',
          removalRequired: false,
        },
      });
      expect(await meterByNumber(first)).toMatchObject({ status: 'ASSIGNED', caseId: lv.caseId });
      const again = await failure(b, 'assignMeter', tokens.techB, {
        caseId: lv.caseId,
        meterNumber: spare,
      });
      expect(again.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'METER_ASSIGNED',
        requires: ['OPEN'],
      });
      const taken = await failure(b, 'assignMeter', tokens.techB, {
        caseId: other.caseId,
        meterId: assigned.metering.meter.id,
      });
      expect(taken.extensions?.code).toBe('CONFLICT');
      expect(taken.message).toContain('already assigned');

      // Two cases, one meter, two instances at once: exactly one assignment commits.
      const race = await Promise.all([
        call(a, 'assignMeter', tokens.techA, { caseId: other.caseId, meterNumber: second }),
        call(b, 'assignMeter', tokens.techB, { caseId: third.caseId, meterNumber: second }),
      ]);
      expect(race.filter((r) => !r.errors)).toHaveLength(1);
      expect(race.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM meter_assignment a JOIN meter m ON m.id = a.meter_id WHERE m.meter_number = $1 AND a.released_at IS NULL`,
        [second],
      );
      expect(n).toBe(1);
      const winner = race.find((r) => !r.errors)!.data!.assignMeter as { id: string };
      expect(await meterByNumber(second)).toMatchObject({ status: 'ASSIGNED', caseId: winner.id });
    });

    it('opens the gate in the transaction of the last fact, then energizes once and archives', async () => {
      const { a, b, tokens, ok, failure, register, readMetering, publish, installation } = k;
      const { lv } = await openLv();
      const meter = await register(meterNumber('LV'), 'SINGLE_PHASE', 'CLASS_2');
      await ok(a, 'assignMeter', tokens.techA, { caseId: lv.caseId, meterNumber: meter.number });
      await publish(feesSettled(lv));
      await waitFor('FEES_SETTLED recorded', async () =>
        (await readMetering(a, tokens.techA, lv.caseId))?.recordedConditions.includes('FEES_SETTLED'),
      );
      const closed = await failure(a, 'energize', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(closed.extensions).toMatchObject({
        code: 'GATE_CLOSED',
        requires: ['METER_INSTALLED'],
      });

      const installedAt = new Date(Date.now() - 3600_000).toISOString();
      const unordered = await failure(b, 'recordMeterInstallation', tokens.techB, installation(lv.caseId));
      expect(unordered.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'NOT_SCHEDULED', requires: ['SCHEDULED'] });

      const firstSlot = new Date(Date.now() + 2 * 3600_000).toISOString();
      const scheduled = await ok(a, 'scheduleInstallation', tokens.supervisor, {
        caseId: lv.caseId,
        technicianId: 'tech-a',
        scheduledAt: firstSlot,
      });
      expect(scheduled.metering.installation).toEqual({
        status: 'SCHEDULED',
        order: {
          status: 'SCHEDULED',
          technicianId: 'tech-a',
          scheduledAt: firstSlot,
          scheduledBy: 'supervisor-1',
          history: [{ technicianId: 'tech-a', scheduledAt: firstSlot, reason: null, changedBy: 'supervisor-1' }],
        },
        installedAt: null,
        reading: null,
        seals: [],
        technicianId: null,
        recordedAt: null,
        recordedBy: null,
        removedAt: null,
        removalReading: null,
      });
      const twiceScheduled = await failure(b, 'scheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        technicianId: 'tech-b',
        scheduledAt: firstSlot,
      });
      expect(twiceScheduled.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'SCHEDULED',
        requires: ['NOT_SCHEDULED'],
      });
      const secondSlot = new Date(Date.now() + 26 * 3600_000).toISOString();
      const moved = await ok(b, 'rescheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        scheduledAt: secondSlot,
        technicianId: 'tech-b',
        reason: ' The customer is away in the morning ',
      });
      expect(moved.metering.installation.order).toMatchObject({
        technicianId: 'tech-b',
        scheduledAt: secondSlot,
        scheduledBy: 'supervisor-1',
        history: [
          { technicianId: 'tech-a', scheduledAt: firstSlot, reason: null, changedBy: 'supervisor-1' },
          { technicianId: 'tech-b', scheduledAt: secondSlot, reason: 'The customer is away in the morning', changedBy: 'tech-b' },
        ],
      });

      const installed = await ok(b, 'recordMeterInstallation', tokens.techB, {
        caseId: lv.caseId,
        installedAt,
        reading: 0.25,
        sealNumbers: [' LV-S1 ', 'LV-S2'],
      });
      expect(installed.metering).toMatchObject({
        status: 'METER_INSTALLED',
        meter: { number: meter.number, status: 'INSTALLED' },
        installation: {
          status: 'INSTALLED',
          order: { status: 'COMPLETED', technicianId: 'tech-b' },
          installedAt: new Date(installedAt).toISOString(),
          reading: 0.25,
          seals: ['LV-S1', 'LV-S2'],
          technicianId: 'tech-b',
          recordedBy: 'tech-b',
        },
        recordedConditions: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'],
        blockedBy: [],
        gateOpen: true,
        gateOpenedAt: expect.any(String),
      });
      const twice = await failure(a, 'recordMeterInstallation', tokens.techA, installation(lv.caseId));
      expect(twice.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'METER_INSTALLED',
        requires: ['METER_ASSIGNED'],
      });

      const energized = await ok(a, 'energize', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(energized.metering).toMatchObject({
        status: 'ENERGIZED',
        energizedAt: expect.any(String),
        archivedAt: null,
      });
      const again = await failure(b, 'energize', tokens.techB, {
        caseId: lv.caseId,
      });
      expect(again.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'ENERGIZED',
        requires: ['OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
      });

      const archived = await ok(b, 'archiveCase', tokens.supervisor, {
        caseId: lv.caseId,
      });
      expect(archived.metering).toMatchObject({
        status: 'ARCHIVED',
        archivedAt: expect.any(String),
      });
      const archivedAgain = await failure(a, 'archiveCase', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(archivedAgain.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'ARCHIVED',
        requires: ['ENERGIZED'],
      });
      const afterArchive = await failure(a, 'energize', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(afterArchive.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'ARCHIVED',
      });
    });

    it('shows the case to its customer and their agent only, and its audit chain to auditors', async () => {
      const { a, b, tokens, readMetering } = k;
      const { lv, customer, agent, otherCustomer } = await lvCase();
      const meter = await k.archivedCase(lv);
      const view = await readMetering(a, customer, lv.caseId);
      expect(view).toMatchObject({
        status: 'ARCHIVED',
        meter: { number: meter.number },
        gateOpen: true,
        blockedBy: [],
      });
      expect(await readMetering(b, agent, lv.caseId)).toMatchObject({
        status: 'ARCHIVED',
      });
      expect(await readMetering(a, otherCustomer, lv.caseId)).toBeNull();
      expect(await readMetering(a, tokens.techA, randomUUID())).toBeNull();

      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { meteringAudit { valid length firstBroken { seq reason } } } } }`;
      const audited = await graphql<{
        _entities: { meteringAudit: unknown }[];
      }>(b.url, query, { r: [{ __typename: 'Case', id: lv.caseId }] }, tokens.auditor);
      expect(audited.errors).toBeUndefined();
      // Fact, case opened, fact, meter installation clock started, meter assigned, scheduled, rescheduled, meter
      // installed, its clock stopped, fact, gate opened, energization clock started, energized, clock stopped, archived.
      expect(audited.data!._entities[0].meteringAudit).toEqual({
        valid: true,
        length: 15,
        firstBroken: null,
      });
      const denied = await graphql(a.url, query, { r: [{ __typename: 'Case', id: lv.caseId }] }, tokens.techA);
      expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('published each metering event of the case exactly once, valid, with who acts next', async () => {
      const { dataSource, meteringEvents } = k;
      const { lv } = await lvCase();
      const meter = await k.archivedCase(lv);
      const types = [
        'metering.meter.assigned.v1',
        'metering.meter.installed.v1',
        'metering.gate.opened.v1',
        'metering.case.energized.v1',
        'metering.case.archived.v1',
        // The energization step's time-limit clock, from the gate opening to the power-on.
        'metering.timelimit.started.v1',
        'metering.timelimit.stopped.v1',
        // The meter installation clock (a stage added after v1), from the last other condition to the meter installed.
        'metering.timelimit.started.v2',
        'metering.timelimit.stopped.v2',
      ];
      await waitFor('every metering event of the LV case', () => types.every((t) => meteringEvents(t, lv.caseId).length > 0));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const all = h.tap.messages
        .filter((m) => m.routingKey.startsWith('metering.'))
        .map((m) => parseEvent(m.body))
        .filter((e) => e.subject === lv.caseId);
      expect(all.map((e) => e.type).sort()).toEqual([...types].sort());
      for (const event of all) {
        expect(event).toMatchObject({
          source: '/yekuo/metering',
          subject: lv.caseId,
        });
        expect(event.data).toMatchObject({
          caseId: lv.caseId,
          caseNumber: lv.caseNumber,
          customerId: lv.customerId,
          category: 'LV_RESIDENTIAL',
          policyVersion: '2020-01',
        });
      }
      const [assigned] = meteringEvents('metering.meter.assigned.v1', lv.caseId);
      expect(assigned.data).toMatchObject({
        meterNumber: meter.number,
        actor: { id: 'tech-a', role: 'metering-technician' },
        nextAction: { role: 'metering-technician' },
      });
      const [installed] = meteringEvents('metering.meter.installed.v1', lv.caseId);
      expect((installed.data as EventPayload<'metering.meter.installed.v1'>).meterId).toBe(
        (assigned.data as EventPayload<'metering.meter.assigned.v1'>).meterId,
      );
      const [gate] = meteringEvents('metering.gate.opened.v1', lv.caseId);
      expect(gate.data).toMatchObject({
        conditions: LV_RESIDENTIAL_GATE,
        actor: { id: 'tech-b', role: 'metering-technician' },
        nextAction: {
          role: 'metering-technician',
          team: 'metering',
          description: 'Energize the supply',
        },
      });
      // The gate opened in the installation's transaction: the same instant as the installation was recorded.
      const [row] = await dataSource.query<{ gate_opened_at: Date; recorded_at: Date }[]>(
        `SELECT c.gate_opened_at, i.recorded_at FROM metering_case c JOIN meter_installation i USING (case_id) WHERE case_id = $1`,
        [lv.caseId],
      );
      expect(Math.abs(row.gate_opened_at.getTime() - row.recorded_at.getTime())).toBeLessThan(1000);
      expect(meteringEvents('metering.case.energized.v1', lv.caseId)[0].data).toMatchObject({
        actor: { id: 'tech-a', role: 'metering-technician' },
        nextAction: {
          role: 'metering-technician',
          description: 'Archive the case',
        },
      });
      expect(meteringEvents('metering.case.archived.v1', lv.caseId)[0].data).toMatchObject({
        actor: { id: 'supervisor-1', role: 'supervisor' },
      });
      // The energization clock ran from the gate opening to the power-on, by the same hands.
      const [started] = meteringEvents('metering.timelimit.started.v1', lv.caseId);
      expect(started.data).toMatchObject({
        stage: 'ENERGIZATION',
        round: 1,
        team: 'metering',
        limitDays: 3,
        targetDays: 3,
        at: row.gate_opened_at.toISOString(),
        actor: { id: 'tech-b', role: 'metering-technician' },
      });
      const [{ energized_at: energizedAt }] = await dataSource.query<{ energized_at: Date }[]>(
        'SELECT energized_at FROM metering_case WHERE case_id = $1',
        [lv.caseId],
      );
      expect(meteringEvents('metering.timelimit.stopped.v1', lv.caseId)[0].data).toMatchObject({
        clockId: (started.data as EventPayload<'metering.timelimit.started.v1'>).clockId,
        at: energizedAt.toISOString(),
        onTime: true,
        customerSeconds: 0,
        actor: { id: 'tech-a', role: 'metering-technician' },
      });
    });
  });
});
