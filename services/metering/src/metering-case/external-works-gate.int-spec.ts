import { randomUUID } from 'node:crypto';
import { CloudEvent, createEvent } from '@yekuo/events';
import { ServiceHarness, waitFor } from '@yekuo/testing';
import {
  contractSigned,
  copyOf,
  FACT_ACTORS,
  feesSettled,
  inAnHour,
  LV_RESIDENTIAL_GATE,
  meterNumber,
  meteringKit,
  MeteringKit,
  newCase,
  schemeConfirmed,
  startMetering,
  TestCase,
} from '../testing/metering.fixtures';

jest.setTimeout(120_000);

/** The confirmation of a scheme that says whether external works are needed (absent: said nothing, as before the field). */
function confirmed(c: TestCase, externalWorksRequired?: boolean): CloudEvent<'planning.scheme.confirmed.v1'> {
  const event = schemeConfirmed(c);
  if (externalWorksRequired === undefined) return event;
  return createEvent('planning.scheme.confirmed.v1', { ...event.data, externalWorksRequired }, { source: '/yekuo/planning' });
}

function worksCompleted(c: TestCase): CloudEvent<'planning.externalworks.completed.v1'> {
  return createEvent(
    'planning.externalworks.completed.v1',
    {
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      customerId: c.customerId,
      category: c.category,
      policyVersion: '2020-01',
      actor: FACT_ACTORS.EXTERNAL_WORKS_COMPLETED,
      worksOrderId: randomUUID(),
      completedAt: new Date().toISOString(),
    },
    { source: '/yekuo/planning' },
  );
}

describe('the energization gate and the external works (real PostgreSQL and RabbitMQ, two instances)', () => {
  let h: ServiceHarness;
  let k: MeteringKit;
  beforeAll(async () => {
    h = await startMetering();
    k = await meteringKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Publishes `events`, waits for the case to open, then assigns, schedules and records its meter installation. */
  async function installed(c: TestCase, ...events: CloudEvent[]): Promise<void> {
    const { a, b, tokens, ok, register, readMetering, publish, installation } = k;
    await publish(...events);
    await waitFor(`case ${c.caseNumber} to open`, () => readMetering(b, tokens.techB, c.caseId));
    const meter = await register(meterNumber('EW'), 'SINGLE_PHASE', 'CLASS_2');
    await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
    await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
    await ok(b, 'recordMeterInstallation', tokens.techB, installation(c.caseId));
  }

  /** Waits until every fact in `facts` is recorded for the case. */
  const recorded = (c: TestCase, facts: string[]) =>
    waitFor(`${facts.join(', ')} recorded for ${c.caseNumber}`, async () => {
      const view = await k.readMetering(k.a, k.tokens.techA, c.caseId);
      return view && facts.every((f) => view.recordedConditions.includes(f)) ? view : null;
    });

  it('keeps the gate shut until the external works are completed when the scheme needs them, then opens it once', async () => {
    const { a, b, tokens, failure, readMetering, publish, meteringEvents } = k;
    const c = newCase('LV_RESIDENTIAL');
    await installed(c, contractSigned(c), feesSettled(c), confirmed(c, true));
    const blocked = await recorded(c, LV_RESIDENTIAL_GATE);
    expect(blocked).toMatchObject({
      requiredConditions: [...LV_RESIDENTIAL_GATE, 'EXTERNAL_WORKS_COMPLETED'],
      blockedBy: ['EXTERNAL_WORKS_COMPLETED'],
      gateOpen: false,
      gateOpenedAt: null,
    });
    const closed = await failure(a, 'energize', tokens.techA, { caseId: c.caseId });
    expect(closed.extensions).toMatchObject({ code: 'GATE_CLOSED', requires: ['EXTERNAL_WORKS_COMPLETED'] });
    expect(meteringEvents('metering.gate.opened.v1', c.caseId)).toEqual([]);

    // The completion arrives twice under one id and once more under another, to either instance.
    const completion = worksCompleted(c);
    await publish(completion, completion, copyOf(completion));
    const open = await waitFor('the gate to open', async () => {
      const view = await readMetering(b, tokens.techB, c.caseId);
      return view?.gateOpen ? view : null;
    });
    expect(open).toMatchObject({ blockedBy: [], requiredConditions: [...LV_RESIDENTIAL_GATE, 'EXTERNAL_WORKS_COMPLETED'] });
    expect([...open.recordedConditions].sort()).toEqual([...LV_RESIDENTIAL_GATE, 'EXTERNAL_WORKS_COMPLETED'].sort());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const opened = meteringEvents('metering.gate.opened.v1', c.caseId);
    expect(opened).toHaveLength(1);
    expect((opened[0].data as { conditions: string[] }).conditions).toEqual([...LV_RESIDENTIAL_GATE, 'EXTERNAL_WORKS_COMPLETED']);
  });

  it('does not wait for external works the scheme does not need, whether it says so or says nothing', async () => {
    const { readMetering, tokens, a } = k;
    for (const [c, said] of [
      [newCase('LV_RESIDENTIAL'), false],
      [newCase('LV_RESIDENTIAL'), undefined],
    ] as const) {
      await installed(c, contractSigned(c), feesSettled(c), confirmed(c, said));
      const open = await waitFor(`the gate of ${c.caseNumber} to open`, async () => {
        const view = await readMetering(a, tokens.techA, c.caseId);
        return view?.gateOpen ? view : null;
      });
      expect(open).toMatchObject({ requiredConditions: LV_RESIDENTIAL_GATE, blockedBy: [] });
    }
  });

  it('keeps a completion that arrives before the confirmation, and opens the gate when the rest holds', async () => {
    const { readMetering, tokens, a } = k;
    const c = newCase('LV_RESIDENTIAL');
    await installed(c, worksCompleted(c), contractSigned(c), feesSettled(c), confirmed(c, true));
    const open = await waitFor('the gate to open', async () => {
      const view = await readMetering(a, tokens.techA, c.caseId);
      return view?.gateOpen ? view : null;
    });
    expect(open).toMatchObject({ requiredConditions: [...LV_RESIDENTIAL_GATE, 'EXTERNAL_WORKS_COMPLETED'], blockedBy: [] });
  });
});
