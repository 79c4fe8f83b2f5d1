import { ServiceHarness } from '@yekuo/testing';
import { inspectionKit, InspectionKit, startInspection } from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('inspection case: the audit chain (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('keeps a valid audit chain per case, readable by auditors only', async () => {
    // An HV case walked from the choice of its unit to acceptance passed; a residential case opened and withdrawn;
    // a case withdrawn before inspection heard of it.
    const hv = await k.hvCaseAt('ACCEPTANCE_PASSED');
    const { res, wdEarly, ...rest } = await k.stageWithdrawals();
    await k.withdrawAll({ res, wdEarly, ...rest });
    const [HV, RES, WD_EARLY] = [hv.caseId, res.caseId, wdEarly.caseId];

    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { inspectionAudit { caseId valid length firstBroken { seq } } } } }`;
    const audit = async (id: string) =>
      (await k.auditor().query<{ _entities: { inspectionAudit: any }[] }>(query, { r: [{ __typename: 'Case', id }] }))._entities[0]
        .inspectionAudit;

    // HV: choice recorded, case opened, 22 published events (the construction start and the three intermediate
    // requests among them), the construction start and the three intermediate requests as records of their own,
    // and the start and stop of seven clocks (two design rounds, three inspections, two acceptance rounds).
    expect(await audit(HV)).toEqual({ caseId: HV, valid: true, length: 2 + 22 + 4 + 14, firstBroken: null });
    const actions = await k.dataSource.query<{ action: string; actor_role: string }[]>(
      'SELECT action, actor_role FROM audit_record WHERE case_id = $1 ORDER BY seq',
      [HV],
    );
    expect(actions.slice(0, 2).map((a) => a.action)).toEqual(['inspection.constructionunit.recorded', 'inspection.case.opened']);
    expect(actions.filter((a) => a.action === 'inspection.construction.started')).toEqual([
      { action: 'inspection.construction.started', actor_role: 'customer' },
    ]);
    expect(actions.filter((a) => a.action === 'inspection.intermediate.requested').map((a) => a.actor_role)).toEqual([
      'customer',
      'agent',
      'customer',
    ]);

    // RES: its opening and its cancellation; WD_EARLY: its cancellation alone.
    expect(await audit(RES)).toMatchObject({ valid: true, length: 2 });
    expect(await audit(WD_EARLY)).toMatchObject({ valid: true, length: 1 });
    await expect(k.inspector().query(query, { r: [{ __typename: 'Case', id: HV }] })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
