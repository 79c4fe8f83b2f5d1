import { randomUUID } from 'node:crypto';
import { ServiceHarness, waitFor } from '@yekuo/testing';
import {
  contractSigned,
  copyOf,
  feesSettled,
  inAnHour,
  meteringKit,
  MeteringKit,
  meterNumber,
  MutationName,
  newCase,
  schemeConfirmed,
  startMetering,
  TestCase,
  withdrawn,
} from '../testing/metering.fixtures';

jest.setTimeout(180_000);

describe('withdrawal of the application (two instances in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: MeteringKit;
  beforeAll(async () => {
    h = await startMetering();
    k = await meteringKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const cancelledEvents = (caseId: string) => k.meteringEvents('metering.case.cancelled.v1', caseId);
  /** Publishes the withdrawal as intake would, plus a redelivery (same id) and a second copy (new id). */
  const withdrawTwice = async (c: TestCase, reason?: string) => {
    const before = k.handled();
    const event = withdrawn(c, reason);
    await k.publish(event, event, copyOf(event));
    await waitFor('three withdrawal deliveries handled', () => k.handled() >= before + 3);
    return event;
  };
  const refusedAsCancelled = async (name: MutationName, input: Record<string, unknown>) => {
    const refused = await k.failure(k.a, name, k.tokens.techA, input);
    expect(refused.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    return refused;
  };

  it('releases the assigned meter to stock, cancels the installation order and publishes the cancellation once', async () => {
    const { a, b, tokens, ok, failure, register, meterByNumber, readMetering, publish, installation, deadLettered } = k;
    const c = newCase('LV_RESIDENTIAL');
    const customerToken = await k.customerOf(c);
    await publish(schemeConfirmed(c), contractSigned(c));
    await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
    const meter = await register(meterNumber('WD'), 'SINGLE_PHASE', 'CLASS_2');
    await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
    await ok(b, 'scheduleInstallation', tokens.techB, { caseId: c.caseId, technicianId: 'tech-b', scheduledAt: inAnHour() });

    await withdrawTwice(c, 'Moved to another city');
    await waitFor('the cancellation event', () => cancelledEvents(c.caseId).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(deadLettered()).toBe(0);
    const [cancelled, ...more] = cancelledEvents(c.caseId);
    expect(more).toEqual([]);
    expect(cancelled).toMatchObject({ source: '/yekuo/metering', subject: c.caseId });
    expect(cancelled.data).toEqual({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      customerId: c.customerId,
      category: 'LV_RESIDENTIAL',
      policyVersion: '2020-01',
      actor: { id: c.customerId, role: 'customer' },
      reason: 'Moved to another city',
      cancelledWork: ['METER_ASSIGNMENT', 'INSTALLATION_ORDER', 'ENERGIZATION'],
    });

    const view = await readMetering(b, customerToken, c.caseId);
    expect(view).toMatchObject({
      status: 'CANCELLED',
      meter: null,
      installation: { status: 'CANCELLED', order: { status: 'CANCELLED' }, installedAt: null },
      blockedBy: [],
      gateOpen: false,
      cancellation: {
        reason: 'Moved to another city',
        cancelledBy: c.customerId,
        cancelledFrom: 'METER_ASSIGNED',
        cancelledWork: ['METER_ASSIGNMENT', 'INSTALLATION_ORDER', 'ENERGIZATION'],
      },
    });
    expect(await meterByNumber(meter.number)).toMatchObject({ status: 'IN_STOCK', caseId: null, assignedAt: null });

    // Nothing moves a cancelled case any more.
    const other = await register(meterNumber('WD'), 'SINGLE_PHASE', 'CLASS_2');
    await refusedAsCancelled('assignMeter', { caseId: c.caseId, meterNumber: other.number });
    expect(
      (await refusedAsCancelled('scheduleInstallation', { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() })).extensions
        ?.requires,
    ).toEqual(['OPEN', 'METER_ASSIGNED']);
    await refusedAsCancelled('rescheduleInstallation', { caseId: c.caseId, scheduledAt: inAnHour(), reason: 'later' });
    await refusedAsCancelled('recordMeterInstallation', installation(c.caseId));
    await refusedAsCancelled('energize', { caseId: c.caseId });
    // Nothing was installed: nothing to remove.
    const nothingToRemove = await failure(b, 'recordMeterRemoval', tokens.techB, {
      caseId: c.caseId,
      removedAt: new Date().toISOString(),
      reading: 1,
    });
    expect(nothingToRemove.extensions?.code).toBe('CONFLICT');

    // The released meter serves another case.
    const next = newCase('LV_RESIDENTIAL');
    await publish(schemeConfirmed(next));
    await waitFor('the next case to open', () => readMetering(a, tokens.techA, next.caseId));
    const reassigned = await ok(b, 'assignMeter', tokens.techB, { caseId: next.caseId, meterNumber: meter.number });
    expect(reassigned.metering.meter).toMatchObject({ number: meter.number, status: 'ASSIGNED', caseId: next.caseId });
  });

  it('cancels a case it never heard of, so a late scheme confirmation cannot open it', async () => {
    const { a, readMetering, publish, handled } = k;
    const c = newCase('LV_NON_RESIDENTIAL');
    await withdrawTwice(c);
    await waitFor('the cancellation event', () => cancelledEvents(c.caseId).length > 0);
    expect(cancelledEvents(c.caseId)[0].data).toMatchObject({ cancelledWork: [], actor: { id: c.customerId, role: 'customer' } });

    const before = handled();
    await publish(schemeConfirmed(c), feesSettled(c));
    await waitFor('the late events handled', () => handled() >= before + 2);
    const customerToken = await k.customerOf(c);
    expect(await readMetering(a, customerToken, c.caseId)).toMatchObject({
      status: 'CANCELLED',
      meteringMethod: null,
      requiredConditions: [],
      recordedConditions: ['FEES_SETTLED'],
      blockedBy: [],
      cancellation: { cancelledFrom: 'AWAITING_SCHEME', cancelledWork: [] },
    });
    const stranger = await h.token('customer', { sub: randomUUID() });
    expect(await readMetering(a, stranger, c.caseId)).toBeNull();
    await refusedAsCancelled('assignMeter', { caseId: c.caseId, meterNumber: 'ANY' });
    expect(cancelledEvents(c.caseId)).toHaveLength(1);
  });

  it('leaves an installed meter on site for removal, and the gate shut whatever facts still arrive', async () => {
    const { a, b, tokens, ok, failure, register, meterByNumber, readMetering, publish, meteringEvents, installation, handled } = k;
    const c = newCase('LV_RESIDENTIAL');
    await publish(schemeConfirmed(c));
    await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
    const meter = await register(meterNumber('RM'), 'SINGLE_PHASE', 'CLASS_2');
    await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
    await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
    await ok(b, 'recordMeterInstallation', tokens.techB, installation(c.caseId));

    await withdrawTwice(c);
    await waitFor('the cancellation event', () => cancelledEvents(c.caseId).length > 0);
    expect(cancelledEvents(c.caseId)[0].data).toMatchObject({ cancelledWork: ['ENERGIZATION'] });
    const before = handled();
    await publish(contractSigned(c), feesSettled(c));
    await waitFor('the late facts handled', () => handled() >= before + 2);
    const view = await readMetering(a, tokens.techA, c.caseId);
    expect(view).toMatchObject({
      status: 'CANCELLED',
      meter: { number: meter.number, status: 'INSTALLED', removalRequired: true },
      installation: { status: 'INSTALLED', order: { status: 'COMPLETED' } },
      recordedConditions: expect.arrayContaining(['METER_INSTALLED', 'CONTRACT_SIGNED', 'FEES_SETTLED']),
      gateOpen: false,
      blockedBy: [],
    });
    await refusedAsCancelled('energize', { caseId: c.caseId });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(meteringEvents('metering.gate.opened.v1', c.caseId)).toEqual([]);
    expect(cancelledEvents(c.caseId)).toHaveLength(1);
    // Still in service on site: it cannot be retired or given to another case.
    expect((await failure(a, 'retireMeter', tokens.admin, { meterId: meter.id, reason: 'x' })).extensions?.currentState).toBe('INSTALLED');

    // Its removal puts it back in stock, with the final reading.
    const removal = { caseId: c.caseId, removedAt: new Date().toISOString(), reading: 12.5 };
    expect((await failure(a, 'recordMeterRemoval', tokens.supervisor, removal)).extensions?.code).toBe('FORBIDDEN');
    const backwards = await failure(a, 'recordMeterRemoval', tokens.techA, { ...removal, reading: 0.1 });
    expect(backwards.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.reading' }] });
    const removed = await ok(b, 'recordMeterRemoval', tokens.techB, removal);
    expect(removed.metering).toMatchObject({
      status: 'CANCELLED',
      meter: null,
      installation: { status: 'INSTALLED', removedAt: removal.removedAt, removalReading: 12.5 },
    });
    expect(await meterByNumber(meter.number)).toMatchObject({ status: 'IN_STOCK', caseId: null, removalRequired: false });
    expect((await failure(a, 'recordMeterRemoval', tokens.techA, removal)).extensions?.code).toBe('CONFLICT');
  });

  it('cancels nothing once the supply is on', async () => {
    const { a, tokens, dataSource, readMetering } = k;
    // A case of this test, taken to the archive.
    const c = newCase('LV_RESIDENTIAL');
    await k.archivedCase(c);
    await withdrawTwice(c);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(cancelledEvents(c.caseId)).toEqual([]);
    expect((await readMetering(a, tokens.techA, c.caseId))?.status).toBe('ARCHIVED');
    const [{ n }] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_record WHERE case_id = $1 AND action = 'metering.withdrawal.refused'`,
      [c.caseId],
    );
    // Kept on record once per withdrawal event (the redelivery of the same event is skipped).
    expect(n).toBe(2);
  });
});
