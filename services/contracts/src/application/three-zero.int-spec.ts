import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventPayload } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { pdfText, ServiceHarness } from '@yekuo/testing';
import {
  acceptedThreeZero,
  act,
  auditActionsOf,
  confirm,
  countOf,
  customerOf,
  enterParty,
  newCase,
  officerOf,
  residential,
  startContracts,
  TestCase,
} from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

/**
 * 三零 on the real database and broker: the contract drafted at acceptance from the application's
 * terms (terms version 0, no fees), what later confirmations do to it (nothing, a new version to
 * sign again, or the regular contract and fees once the case leaves 三零), in whatever order the
 * acceptance and the confirmation arrive.
 */

type Confirmed = EventPayload<'planning.scheme.confirmed.v1'>;

const TERMS = 'voltageLevel capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary';
const CLOCK = 'startedAt stoppedAt state';
const FIELDS = `
  contractsStatus
  contract { id version status schemeId schemeVersion termsVersion templateCode fullySignedAt terms { ${TERMS} } }
  contractVersions { version status termsVersion fullySignedAt }
  fees { invoice { status total } }
  contractDraftingClock { ${CLOCK} }
  invoicingClock { ${CLOCK} }
`;

const iso = (at: string) => new Date(at).toISOString();
const ACCEPTED_AT = '2026-10-12T10:00:00+08:00';
const DRAFTED_AT = '2026-10-12T10:05:00+08:00';

describe('三零: the contract signed with the application (hand-set clock, real PostgreSQL and RabbitMQ)', () => {
  const time = new ManualTimeSource(DRAFTED_AT);
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts(time);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const officer = () => officerOf(h);
  const read = (c: TestCase) => officer().readCase(c.caseId, FIELDS);
  const eventData = (c: TestCase, type: string) => h.eventsOf(c.caseId, type).map((e) => e.data as Record<string, unknown>);
  /** The case's events of `type` once at least `n` reached the exchange. */
  const published = async (c: TestCase, type: string, n: number) => {
    await h.waitFor(`${n} × ${type}`, () => eventData(c, type).length >= n);
    return eventData(c, type);
  };
  const copyOf = async (c: TestCase) => {
    const [row] = await h.app
      .get(DataSource)
      .query<{ process_variant: string | null; scheme_version: number | null }[]>(
        'SELECT process_variant, scheme_version FROM contracts_case WHERE case_id = $1',
        [c.caseId],
      );
    return row;
  };
  /** A 三零 confirmation of the residential case: by default the application's terms kept (contract terms version 0). */
  const threeZeroConfirmed = (c: TestCase, overrides: Partial<Confirmed> = {}): Confirmed =>
    residential(c, { processVariant: 'THREE_ZERO', contractTermsVersion: 0, ...overrides });

  /** A 三零 case accepted, its party entered (version 2) and signed by both parties. */
  const signedThreeZero = async () => {
    const c = newCase();
    await h.publishAndWait(h.event('intake.application.accepted.v1', acceptedThreeZero(c)));
    await enterParty(h, c, '张三', '上海市浦东新区张江路88弄3号');
    await act(customerOf(h, c), 'signContract', { caseId: c.caseId, method: 'ONLINE' });
    await act(officer(), 'signContract', { caseId: c.caseId, method: 'ON_SITE' });
    return c;
  };

  it('drafts version 1 at acceptance from the application’s terms (terms version 0), invoices nothing, and times the draft from the acceptance', async () => {
    const c = newCase();
    time.set(DRAFTED_AT);
    const accepted = h.event('intake.application.accepted.v1', acceptedThreeZero(c));
    await h.publishAndWait(accepted);

    const view = await read(c);
    expect(view.contract).toEqual({
      id: expect.any(String),
      version: 1,
      status: 'DRAFTED',
      schemeId: null,
      schemeVersion: null,
      termsVersion: 0,
      templateCode: 'THREE_ZERO_RESIDENTIAL',
      fullySignedAt: null,
      terms: {
        voltageLevel: 'AC220V',
        capacityKva: 8,
        supplySources: 1,
        supplyPoints: [],
        meteringMethod: null,
        tariffCategory: null,
        propertyBoundary: null,
      },
    });
    expect(view.fees).toBeNull();
    expect(view.invoicingClock).toBeNull();
    expect(view.contractDraftingClock).toEqual({ startedAt: iso(ACCEPTED_AT), stoppedAt: iso(DRAFTED_AT), state: 'STOPPED' });
    expect(view.contractsStatus).toBe('AWAITING_SIGNATURES');
    expect(await copyOf(c)).toEqual({ process_variant: 'THREE_ZERO', scheme_version: null });

    // The document says where its terms come from and leaves the scheme's to the scheme.
    const pdf = await customerOf(h, c).readCase(c.caseId, 'contract { pdfBase64 }');
    const text = pdfText(Buffer.from(pdf.contract.pdfBase64 as string, 'base64')).text.replace(/\s+/g, '');
    expect(text).toContain('条款依据：受理的用电申请');
    expect(text).toContain('8千伏安');
    expect(text).not.toContain('供电方案版本');

    // Redelivered, or republished by intake: still one copy, one contract, nothing invoiced.
    await h.publishAndWait(accepted, h.event('intake.application.accepted.v1', acceptedThreeZero(c)));
    expect(h.consumer.stats.deadLettered).toBe(0);
    expect(await countOf(h, 'supply_contract', c.caseId)).toBe(1);
    expect(await countOf(h, 'fee_invoice', c.caseId)).toBe(0);
    expect(await published(c, 'contracts.contract.drafted.v1', 1)).toEqual([
      expect.objectContaining({ contractId: view.contract.id, version: 1, termsVersion: 0 }),
    ]);
    expect(h.eventsOf(c.caseId, 'contracts.fees.')).toEqual([]);
    expect((await published(c, 'contracts.timelimit.', 2)).map((d) => d.stage)).toEqual(['CONTRACT_DRAFTING', 'CONTRACT_DRAFTING']);
  });

  it('opens nothing on the acceptance of a case that does not walk 三零', async () => {
    const preReform = newCase();
    const unnamed = newCase();
    await h.publishAndWait(
      h.event('intake.application.accepted.v1', acceptedThreeZero(preReform, { processVariant: 'PRE_REFORM' })),
      h.event('intake.application.accepted.v1', acceptedThreeZero(unnamed, { processVariant: undefined })),
    );
    expect(await countOf(h, 'contracts_case', preReform.caseId)).toBe(0);
    expect(await countOf(h, 'contracts_case', unnamed.caseId)).toBe(0);
  });

  it('only records a 三零 scheme that keeps the application’s terms (contract terms version 0)', async () => {
    const c = newCase();
    await h.publishAndWait(h.event('intake.application.accepted.v1', acceptedThreeZero(c)));
    const before = await read(c);
    await confirm(h, threeZeroConfirmed(c));

    const view = await read(c);
    expect(view.contract).toEqual(before.contract);
    expect(view.fees).toBeNull();
    expect(await countOf(h, 'supply_contract', c.caseId)).toBe(1);
    expect(await copyOf(c)).toEqual({ process_variant: 'THREE_ZERO', scheme_version: 1 });
    expect((await auditActionsOf(h, c.caseId)).slice(-1)).toEqual(['contracts.scheme.recorded']);
  });

  it('drafts a new version from a scheme that changes the terms, to be signed again even after full signature', async () => {
    const c = await signedThreeZero();
    expect(await published(c, 'contracts.contract.signed.v1', 2)).toEqual([
      expect.objectContaining({ version: 2, party: 'CUSTOMER', fullySigned: false, termsVersion: 0 }),
      expect.objectContaining({ version: 2, party: 'UTILITY', fullySigned: true, termsVersion: 0 }),
    ]);
    // No fees under 三零: the signature completes the stage.
    expect((await read(c)).contractsStatus).toBe('COMPLETED');

    await confirm(h, threeZeroConfirmed(c));
    await confirm(h, threeZeroConfirmed(c, { schemeId: randomUUID(), version: 2, capacityKva: 12, contractTermsVersion: 2 }));

    const view = await read(c);
    expect(view.contract).toMatchObject({
      version: 3,
      status: 'DRAFTED',
      schemeVersion: 2,
      termsVersion: 2,
      templateCode: 'RESIDENTIAL',
      terms: { capacityKva: 12, meteringMethod: 'LOW_SUPPLY_LOW_METERING', propertyBoundary: '计量箱出线端子' },
    });
    // The signed version is kept as it was signed, superseded.
    expect(view.contractVersions).toEqual([
      { version: 3, status: 'DRAFTED', termsVersion: 2, fullySignedAt: null },
      { version: 2, status: 'SUPERSEDED', termsVersion: 0, fullySignedAt: expect.any(String) },
      { version: 1, status: 'SUPERSEDED', termsVersion: 0, fullySignedAt: null },
    ]);
    expect(view.contractsStatus).toBe('AWAITING_SIGNATURES');
    expect(view.fees).toBeNull();
    expect(await countOf(h, 'contract_signature', c.caseId)).toBe(2);
    expect((await published(c, 'contracts.contract.drafted.v1', 3)).map((d) => [d.version, d.termsVersion])).toEqual([
      [1, 0],
      [2, 0],
      [3, 2],
    ]);
    expect(await auditActionsOf(h, c.caseId)).toEqual(
      expect.arrayContaining(['contracts.scheme.changed', 'contracts.contract.superseded']),
    );

    await act(customerOf(h, c), 'signContract', { caseId: c.caseId, method: 'ONLINE', version: 3 });
    await act(officer(), 'signContract', { caseId: c.caseId, method: 'ONLINE' });
    expect((await published(c, 'contracts.contract.signed.v1', 4)).slice(2)).toEqual([
      expect.objectContaining({ version: 3, party: 'CUSTOMER', fullySigned: false, termsVersion: 2 }),
      expect.objectContaining({ version: 3, party: 'UTILITY', fullySigned: true, termsVersion: 2 }),
    ]);
    expect(h.eventsOf(c.caseId, 'contracts.fees.')).toEqual([]);
  });

  it('supersedes the 三零 contract with the regular one and invoices the fees when the case leaves 三零', async () => {
    const c = newCase();
    const lv = { category: 'LV_NON_RESIDENTIAL', voltageLevel: 'AC380V', businessType: 'TEMPORARY_SUPPLY' } as const;
    await h.publishAndWait(h.event('intake.application.accepted.v1', acceptedThreeZero(c, { ...lv, capacityKva: 100 })));
    expect((await read(c)).contract).toMatchObject({ version: 1, templateCode: 'THREE_ZERO_LOW_VOLTAGE', termsVersion: 0 });

    time.set('2026-10-20T10:05:00+08:00');
    const leaving = residential(c, {
      ...lv,
      capacityKva: 160,
      meteringMethod: 'LOW_SUPPLY_LOW_METERING',
      tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
      processVariant: 'PRE_REFORM',
      contractTermsVersion: 1,
    });
    await h.publishAndWait(h.event('planning.scheme.confirmed.v1', leaving, { time: new Date('2026-10-20T10:00:00+08:00') }));

    const view = await read(c);
    expect(view.contract).toMatchObject({ version: 2, status: 'DRAFTED', schemeVersion: 1, termsVersion: 1, templateCode: 'LOW_VOLTAGE' });
    expect(view.contractVersions.map((v: { status: string }) => v.status)).toEqual(['DRAFTED', 'SUPERSEDED']);
    expect(view.fees.invoice).toEqual({ status: 'ISSUED', total: '8000.00' });
    expect(view.invoicingClock).toEqual({
      startedAt: iso('2026-10-20T10:00:00+08:00'),
      stoppedAt: iso('2026-10-20T10:05:00+08:00'),
      state: 'STOPPED',
    });
    expect(view.contractsStatus).toBe('AWAITING_SIGNATURES');
    expect(await copyOf(c)).toEqual({ process_variant: 'PRE_REFORM', scheme_version: 1 });
    expect(await auditActionsOf(h, c.caseId)).toContain('contracts.variant.changed');
    expect(await published(c, 'contracts.fees.invoiced.v1', 1)).toEqual([expect.objectContaining({ total: '8000.00' })]);

    // Signed, then a later scheme: the terms version it names is one the signed contract does not carry, so it is
    // drafted again (metering waits for it) rather than recorded as a conflict.
    await enterParty(h, c, '浦东精密机械有限公司');
    await act(customerOf(h, c), 'signContract', { caseId: c.caseId, method: 'ONLINE' });
    await act(officer(), 'signContract', { caseId: c.caseId, method: 'ON_PAPER' });
    await confirm(h, { ...leaving, schemeId: randomUUID(), version: 2, capacityKva: 200, contractTermsVersion: 2 });
    const later = await read(c);
    expect(later.contract).toMatchObject({ version: 4, status: 'DRAFTED', schemeVersion: 2, termsVersion: 2 });
    expect(later.fees.invoice).toEqual({ status: 'ISSUED', total: '10000.00' });
    expect(await officer().readCase(c.caseId, 'contractSchemeConflicts { id }')).toEqual({ contractSchemeConflicts: [] });
  });

  it('drafts one contract when the 三零 confirmation arrives before the acceptance', async () => {
    const c = newCase();
    await confirm(h, threeZeroConfirmed(c));
    const first = await read(c);
    expect(first.contract).toMatchObject({ version: 1, status: 'DRAFTED', schemeVersion: 1, termsVersion: 0, templateCode: 'RESIDENTIAL' });
    expect(first.fees).toBeNull();
    expect(first.invoicingClock).toBeNull();
    expect(await copyOf(c)).toEqual({ process_variant: 'THREE_ZERO', scheme_version: 1 });

    await h.publishAndWait(h.event('intake.application.accepted.v1', acceptedThreeZero(c)));
    expect(h.consumer.stats.deadLettered).toBe(0);
    expect((await read(c)).contract).toEqual(first.contract);
    expect(await countOf(h, 'supply_contract', c.caseId)).toBe(1);
    expect(await published(c, 'contracts.contract.drafted.v1', 1)).toEqual([expect.objectContaining({ version: 1, termsVersion: 0 })]);
  });
});
