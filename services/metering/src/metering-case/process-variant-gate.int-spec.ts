import { CloudEvent, EventPayload } from '@yekuo/events';
import { ServiceHarness, waitFor } from '@yekuo/testing';
import {
  contractSigned,
  copyOf,
  feesSettled,
  LV_RESIDENTIAL_GATE,
  meteringKit,
  MeteringKit,
  MeteringView,
  newCase,
  schemeConfirmed,
  startMetering,
  TestCase,
} from '../testing/metering.fixtures';

jest.setTimeout(120_000);

const THREE_ZERO_GATE = ['CONTRACT_SIGNED', 'METER_INSTALLED'];

/** The confirmation of a scheme of a case that walks 三零 (version 1, the contract on the application's terms unless said otherwise). */
const threeZero = (c: TestCase, changes: Partial<EventPayload<'planning.scheme.confirmed.v1'>> = {}) =>
  schemeConfirmed(c, { processVariant: 'THREE_ZERO', contractTermsVersion: 0, ...changes });

/** The fully signed contract on the terms of scheme version `termsVersion` (0: the application's), as contracts announces it. */
const signedOn = (c: TestCase, termsVersion: number) => contractSigned(c, true, { version: termsVersion === 0 ? 1 : 2, termsVersion });

describe('the energization gate of the process variant a case walks (real PostgreSQL and RabbitMQ, two instances)', () => {
  let h: ServiceHarness;
  let k: MeteringKit;
  beforeAll(async () => {
    h = await startMetering();
    k = await meteringKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const view = async (c: TestCase): Promise<MeteringView> => (await k.readMetering(k.a, k.tokens.techA, c.caseId))!;
  /** Publishes the events and waits until each has been handled. */
  const deliver = (...events: CloudEvent[]) => h.publishAndWait(...events);
  const gateOpen = (c: TestCase) =>
    waitFor(`the gate of ${c.caseNumber} to open`, async () => {
      const current = await k.readMetering(k.b, k.tokens.techB, c.caseId);
      return current?.gateOpen ? current : null;
    });
  /** Waits a moment for anything that would open the gate wrongly, then checks it stayed shut, blocked by `blockedBy`. */
  const staysShut = async (c: TestCase, blockedBy: string[]) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await view(c)).toMatchObject({ gateOpen: false, blockedBy });
    expect(k.meteringEvents('metering.gate.opened.v1', c.caseId)).toEqual([]);
    const closed = await k.failure(k.a, 'energize', k.tokens.techA, { caseId: c.caseId });
    expect(closed.extensions).toMatchObject({ code: 'GATE_CLOSED', requires: blockedBy });
  };
  /** The gate opened exactly once, with `conditions`. */
  const openedOnce = async (c: TestCase, conditions: string[]) => {
    await waitFor(`the gate opening of ${c.caseNumber} published`, () => k.meteringEvents('metering.gate.opened.v1', c.caseId).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const opened = k.meteringEvents('metering.gate.opened.v1', c.caseId);
    expect(opened).toHaveLength(1);
    expect((opened[0].data as { conditions: string[] }).conditions).toEqual(conditions);
  };
  const caseRow = async (c: TestCase) =>
    (
      await k.dataSource.query<Record<string, unknown>[]>(
        'SELECT process_variant, contract_terms_version, required_conditions FROM metering_case WHERE case_id = $1',
        [c.caseId],
      )
    )[0];

  it('opens the gate of a 三零 case on the signed contract and the installed meter: no fees, no completion acceptance', async () => {
    const c = newCase('LV_NON_RESIDENTIAL');
    await deliver(threeZero(c));
    await deliver(signedOn(c, 0));
    expect(await caseRow(c)).toEqual({ process_variant: 'THREE_ZERO', contract_terms_version: 0, required_conditions: THREE_ZERO_GATE });
    expect(await view(c)).toMatchObject({
      requiredConditions: THREE_ZERO_GATE,
      recordedConditions: ['CONTRACT_SIGNED'],
      blockedBy: ['METER_INSTALLED'],
    });
    await k.installMeter(c);
    expect(await gateOpen(c)).toMatchObject({ requiredConditions: THREE_ZERO_GATE, recordedConditions: THREE_ZERO_GATE, blockedBy: [] });
    await openedOnce(c, THREE_ZERO_GATE);
    await k.ok(k.a, 'energize', k.tokens.techA, { caseId: c.caseId });
  });

  it('keeps a 三零 gate shut while only the contract on older terms is signed, and opens it on the re-drafted contract', async () => {
    const c = newCase('LV_RESIDENTIAL');
    // The scheme changed the terms: version 2's; the contract on the application's terms was signed before.
    await deliver(threeZero(c, { version: 2, contractTermsVersion: 2 }));
    await deliver(signedOn(c, 0));
    await k.installMeter(c);
    expect(await view(c)).toMatchObject({ recordedConditions: ['METER_INSTALLED'] });
    await staysShut(c, ['CONTRACT_SIGNED']);

    const redrafted = signedOn(c, 2);
    await deliver(redrafted, copyOf(redrafted));
    const open = await gateOpen(c);
    expect(open).toMatchObject({ requiredConditions: THREE_ZERO_GATE, blockedBy: [] });
    expect([...open.recordedConditions].sort()).toEqual([...THREE_ZERO_GATE].sort());
    await openedOnce(c, THREE_ZERO_GATE);
  });

  it('judges signatures that arrive before the confirmation by the terms the confirmation names', async () => {
    const older = newCase('LV_RESIDENTIAL');
    const both = newCase('LV_RESIDENTIAL');
    // The older contract's signature, then the confirmation naming version 2's terms.
    await deliver(signedOn(older, 0));
    // Both signatures, the newer first and the older one redelivered late: the newer one counts.
    await deliver(signedOn(both, 2));
    await deliver(signedOn(both, 0));
    await deliver(threeZero(older, { version: 2, contractTermsVersion: 2 }), threeZero(both, { version: 2, contractTermsVersion: 2 }));
    expect(await view(older)).toMatchObject({ recordedConditions: [], blockedBy: THREE_ZERO_GATE });
    expect(await view(both)).toMatchObject({ recordedConditions: ['CONTRACT_SIGNED'], blockedBy: ['METER_INSTALLED'] });
    expect(
      await k.dataSource.query('SELECT terms_version FROM metering_fact WHERE case_id = $1 AND condition = $2', [
        both.caseId,
        'CONTRACT_SIGNED',
      ]),
    ).toEqual([{ terms_version: 2 }]);

    await k.installMeter(older);
    await k.installMeter(both);
    await gateOpen(both);
    await openedOnce(both, THREE_ZERO_GATE);
    await staysShut(older, ['CONTRACT_SIGNED']);
    await deliver(signedOn(older, 2));
    await gateOpen(older);
    await openedOnce(older, THREE_ZERO_GATE);
  });

  it('follows a later confirmation: newer contract terms, and a case that left 三零 walks the pre-reform gate', async () => {
    const changed = newCase('LV_RESIDENTIAL');
    const left = newCase('LV_RESIDENTIAL');
    for (const c of [changed, left]) await deliver(threeZero(c), signedOn(c, 0));
    expect(await view(changed)).toMatchObject({ recordedConditions: ['CONTRACT_SIGNED'], blockedBy: ['METER_INSTALLED'] });

    // Scheme version 2 changed the terms under 三零; for the other case it no longer qualifies (fees are invoiced again).
    await deliver(
      threeZero(changed, { version: 2, contractTermsVersion: 2 }),
      schemeConfirmed(left, { version: 2, processVariant: 'PRE_REFORM', contractTermsVersion: 2 }),
    );
    expect(await caseRow(changed)).toEqual({
      process_variant: 'THREE_ZERO',
      contract_terms_version: 2,
      required_conditions: THREE_ZERO_GATE,
    });
    expect(await caseRow(left)).toEqual({
      process_variant: 'PRE_REFORM',
      contract_terms_version: 2,
      required_conditions: LV_RESIDENTIAL_GATE,
    });
    expect(await view(changed)).toMatchObject({ recordedConditions: [], blockedBy: THREE_ZERO_GATE });
    expect(await view(left)).toMatchObject({
      requiredConditions: LV_RESIDENTIAL_GATE,
      recordedConditions: [],
      blockedBy: LV_RESIDENTIAL_GATE,
    });

    for (const c of [changed, left]) await k.installMeter(c);
    await staysShut(changed, ['CONTRACT_SIGNED']);
    await deliver(signedOn(left, 2));
    await staysShut(left, ['FEES_SETTLED']);
    await deliver(signedOn(changed, 2), feesSettled(left));
    await gateOpen(changed);
    await gateOpen(left);
    await openedOnce(changed, THREE_ZERO_GATE);
    await openedOnce(left, LV_RESIDENTIAL_GATE);
  });

  it('leaves a pre-reform case as it was: its gate, and any full signature counts', async () => {
    const c = newCase('LV_RESIDENTIAL');
    await deliver(contractSigned(c), schemeConfirmed(c), signedOn(c, 0));
    expect(await caseRow(c)).toEqual({ process_variant: null, contract_terms_version: null, required_conditions: LV_RESIDENTIAL_GATE });
    expect(await view(c)).toMatchObject({ recordedConditions: ['CONTRACT_SIGNED'], blockedBy: ['FEES_SETTLED', 'METER_INSTALLED'] });
    await k.installMeter(c);
    await staysShut(c, ['FEES_SETTLED']);
    await deliver(feesSettled(c));
    await gateOpen(c);
    await openedOnce(c, LV_RESIDENTIAL_GATE);
  });
});
