import { ServiceHarness } from '@yekuo/testing';
import {
  acceptanceRequest,
  documentId,
  HV_COMPLETION_ITEMS,
  HV_DEPARTMENTS,
  inspectionKit,
  InspectionKit,
  LV_COMPLETION_ITEMS,
  LV_DEPARTMENTS,
  newCase,
  startInspection,
} from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('completion acceptance (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('issues one rectification notice with every item of every failing department, and re-inspects by the failing departments only', async () => {
    const { ok, failure, fieldsOf, readCase, signer, signAll, eventsOf } = k;
    const hv = await k.hvCaseAt('INTERMEDIATE_PASSED');
    const HV = hv.caseId;
    const customer = k.customerOf(hv);

    const missing = await failure('requestCompletionAcceptance', customer, {
      caseId: HV,
      documents: [{ item: 'COMPLETION_REPORT', documentId: documentId('x/cr') }],
    });
    expect(missing.extensions?.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(missing)).toEqual(HV_COMPLETION_ITEMS.slice(1).map((i) => `input.documents.${i}`));
    expect(await ok('requestCompletionAcceptance', customer, acceptanceRequest(HV, HV_COMPLETION_ITEMS))).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    await ok('countersign', signer('marketing'), { caseId: HV, result: 'PASS' });
    expect((await failure('countersign', signer('marketing'), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('CONFLICT');
    expect((await failure('countersign', signer('finance'), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    const meteringItems = ['Meter cabinet lacks a seal', 'CT ratio does not match the scheme'];
    expect(
      await signAll(HV, {
        metering: { result: 'FAIL', items: meteringItems },
        operations: { result: 'PASS' },
        safety: { result: 'FAIL', items: ['No fire extinguisher in the switch room'] },
      }),
    ).toMatchObject({ inspectionStatus: 'ACCEPTANCE_REQUESTED' });
    // Failures so far issue no notice: the round waits for every department.
    expect(await readCase(customer, HV, 'acceptance { status pendingDepartments rectificationNotice { round } }')).toEqual({
      acceptance: { status: 'REQUESTED', pendingDepartments: ['dispatch'], rectificationNotice: null },
    });
    expect(eventsOf(HV, 'inspection.acceptance.failed.v1')).toEqual([]);
    expect(
      await ok('countersign', signer('dispatch'), { caseId: HV, result: 'PASS', items: ['Send the switching plan a week ahead'] }),
    ).toEqual({
      id: HV,
      inspectionStatus: 'ACCEPTANCE_FAILED',
    });
    expect((await failure('countersign', signer('safety'), { caseId: HV, result: 'PASS' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'ACCEPTANCE_FAILED',
    });
    const notice = [
      { department: 'metering', item: 'Meter cabinet lacks a seal' },
      { department: 'metering', item: 'CT ratio does not match the scheme' },
      { department: 'safety', item: 'No fire extinguisher in the switch room' },
    ];
    const failedView = await readCase(
      customer,
      HV,
      'acceptance { status currentRound passedDepartments rectificationNotice { round items { department item } departments issuedAt } }',
    );
    expect(failedView.acceptance).toMatchObject({
      status: 'FAILED',
      currentRound: 1,
      passedDepartments: ['marketing', 'operations', 'dispatch'],
      rectificationNotice: { round: 1, items: notice, departments: ['metering', 'safety'] },
    });

    // Round 2 after rectification: only metering and safety re-inspect; the others' PASS carries over.
    expect(await ok('requestCompletionAcceptance', k.agentOf(hv), acceptanceRequest(HV, HV_COMPLETION_ITEMS, 'a2'))).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    const notRequired = await failure('countersign', signer('marketing'), { caseId: HV, result: 'PASS' });
    expect(notRequired.extensions?.code).toBe('FORBIDDEN');
    expect(notRequired.message).toContain('carries over');
    await ok('countersign', signer('safety'), { caseId: HV, result: 'PASS' });
    expect(await ok('countersign', signer('metering'), { caseId: HV, result: 'PASS' })).toEqual({
      id: HV,
      inspectionStatus: 'ACCEPTANCE_PASSED',
    });

    const view = await readCase(customer, HV);
    expect(view.acceptance).toMatchObject({
      status: 'PASSED',
      currentRound: 2,
      departments: HV_DEPARTMENTS,
      passedDepartments: HV_DEPARTMENTS,
      requiredDepartments: ['metering', 'safety'],
      pendingDepartments: [],
      rectificationNotice: null,
      rectificationItems: [],
      requestedBy: 'agent-1',
    });
    const [round1, round2] = view.acceptance.rounds;
    expect(round1).toMatchObject({
      round: 1,
      status: 'FAILED',
      requiredDepartments: HV_DEPARTMENTS,
      rectificationItems: notice,
      documents: acceptanceRequest(HV, HV_COMPLETION_ITEMS, 'a1').documents,
    });
    expect(round1.signatures.map((s: { department: string }) => s.department)).toEqual([
      'marketing',
      'metering',
      'operations',
      'safety',
      'dispatch',
    ]);
    expect(round2).toMatchObject({ round: 2, status: 'PASSED', requiredDepartments: ['metering', 'safety'], rectificationItems: [] });
    expect(round2.signatures.map((s: { department: string; signedBy: string }) => [s.department, s.signedBy])).toEqual([
      ['safety', 'signer-safety'],
      ['metering', 'signer-metering'],
    ]);
    expect(typeof round2.decidedAt).toBe('string');
    // The notice's wait on the customer ended with the new request.
    const [wait] = await k.dataSource.query<Record<string, any>[]>(
      `SELECT round, ended_by FROM customer_wait WHERE case_id = $1 AND stage = 'COMPLETION_ACCEPTANCE'`,
      [HV],
    );
    expect(wait).toEqual({ round: 1, ended_by: 'agent-1' });

    expect(await readCase(k.agentOf(hv), HV, 'inspectionStatus')).toEqual({ inspectionStatus: 'ACCEPTANCE_PASSED' });
    for (const stranger of [k.otherCustomer(), k.strangerAgent()]) {
      expect(await readCase(stranger, HV)).toEqual({
        id: HV,
        inspectionStatus: null,
        designReview: null,
        construction: null,
        inspections: [],
        acceptance: null,
      });
    }
  });

  it('decides a round exactly once when the last departments countersign at the same instant', async () => {
    const { ok, failure, call, row, readCase, signer } = k;
    const race = newCase('LV_NON_RESIDENTIAL', { capacityKva: 100 });
    await k.open(race);
    const RACE = race.caseId;
    const customer = k.customerOf(race);

    const missingUnit = await failure('recordConstructionStart', customer, { caseId: RACE });
    expect(missingUnit.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.unitName' }] });
    await ok('recordConstructionStart', customer, { caseId: RACE, unitName: 'Lujiazui Builders' });

    // Round 1: metering and safety fail at the same instant; one notice lists both.
    await ok('requestCompletionAcceptance', customer, acceptanceRequest(RACE, LV_COMPLETION_ITEMS));
    await ok('countersign', signer('marketing'), { caseId: RACE, result: 'PASS' });
    const round1 = await Promise.all([
      call('countersign', signer('metering'), { caseId: RACE, result: 'FAIL', items: ['Meter box not earthed'] }),
      call('countersign', signer('safety'), { caseId: RACE, result: 'FAIL', items: ['Warning signs missing'] }),
    ]);
    expect(round1.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(round1.map((r) => r.data!.countersign.inspectionStatus).sort()).toEqual(['ACCEPTANCE_FAILED', 'ACCEPTANCE_REQUESTED']);
    expect(await row(RACE)).toMatchObject({ status: 'ACCEPTANCE_FAILED' });

    // Round 2 (metering and safety only): metering twice and safety, all at once: one signature per department, one refusal, one decision.
    await ok('requestCompletionAcceptance', customer, acceptanceRequest(RACE, LV_COMPLETION_ITEMS, 'a2'));
    const round2 = await Promise.all([
      call('countersign', signer('metering'), { caseId: RACE, result: 'PASS' }),
      call('countersign', signer('metering'), { caseId: RACE, result: 'PASS' }),
      call('countersign', signer('safety'), { caseId: RACE, result: 'PASS' }),
    ]);
    // The second metering signature finds either metering's first (CONFLICT) or the round already decided (INVALID_TRANSITION).
    const refused = round2.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code);
    expect(refused).toHaveLength(1);
    expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(refused[0]);
    expect(round2.flatMap((r) => (r.data ? [r.data.countersign.inspectionStatus] : []))).toContain('ACCEPTANCE_PASSED');

    const rounds = await k.dataSource.query<unknown[]>(
      'SELECT round, result, required_departments FROM acceptance_round WHERE case_id = $1 ORDER BY round',
      [RACE],
    );
    expect(rounds).toEqual([
      { round: 1, result: 'FAILED', required_departments: LV_DEPARTMENTS },
      { round: 2, result: 'PASSED', required_departments: ['metering', 'safety'] },
    ]);
    const [{ signatures }] = await k.dataSource.query<{ signatures: number }[]>(
      'SELECT count(*)::int AS signatures FROM countersignature WHERE case_id = $1',
      [RACE],
    );
    expect(signatures).toBe(5);
    expect(
      await readCase(
        customer,
        RACE,
        'acceptance { status currentRound rectificationNotice { round } rounds { rectificationItems { department item } } }',
      ),
    ).toEqual({
      acceptance: {
        status: 'PASSED',
        currentRound: 2,
        rectificationNotice: null,
        rounds: [
          {
            rectificationItems: [
              { department: 'metering', item: 'Meter box not earthed' },
              { department: 'safety', item: 'Warning signs missing' },
            ],
          },
          { rectificationItems: [] },
        ],
      },
    });
  });
});
