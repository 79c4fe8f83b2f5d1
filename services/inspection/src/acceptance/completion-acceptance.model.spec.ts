import type { StageClock } from '@yekuo/timelimits';
import { COMPLETION_CHECKLISTS } from '../checklist/document-checklists';
import type { AcceptanceRound } from './acceptance-round.entity';
import { completionAcceptanceOf } from './completion-acceptance.model';
import type { Countersignature } from './countersignature.entity';

const DEPARTMENTS = ['marketing', 'metering', 'safety'];
const CHECKLIST = COMPLETION_CHECKLISTS.LV_NON_RESIDENTIAL;
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 1, minute));

const round = (n: number, result: AcceptanceRound['result'] = null, required = DEPARTMENTS): AcceptanceRound => ({
  id: `r${n}`,
  caseId: 'c',
  round: n,
  documents: [{ item: 'COMPLETION_REPORT', documentId: `report-${n}` }],
  requiredDepartments: required,
  requestedBy: 'cust',
  requestedAt: at(n * 10),
  result,
  decidedAt: result ? at(n * 10 + 5) : null,
});

const sign = (n: number, department: string, result: 'PASS' | 'FAIL', minute: number, ...items: string[]): Countersignature => ({
  id: `${n}-${department}`,
  caseId: 'c',
  round: n,
  department,
  result,
  items,
  signedBy: `${department}-signer`,
  signedAt: at(minute),
});

/** A clock as the engine shows it; only what the stage objects pick it by matters here. */
const clockView = (stage: string, round: number): StageClock => ({
  id: `${stage}-${round}`,
  stage,
  round,
  policyVersion: '2020-01',
  team: 'inspection',
  dayUnit: 'WORKING_DAYS',
  limitDays: 5,
  targetDays: 5,
  startedAt: new Date(Date.UTC(2026, 0, round)),
  deadline: new Date(Date.UTC(2026, 0, round + 7)),
  targetDeadline: new Date(Date.UTC(2026, 0, round + 7)),
  provisional: false,
  utilityTimeSeconds: 0,
  customerTimeSeconds: 0,
  remainingSeconds: 5 * 86_400,
  paused: false,
  state: 'RUNNING',
  status: 'ON_TIME',
  stoppedAt: null,
  onTime: null,
  targetWarnedAt: null,
  targetBreachedAt: null,
  limitWarnedAt: null,
  limitBreachedAt: null,
  pauses: [],
});

describe('completionAcceptanceOf', () => {
  it('is NOT_REQUESTED with the policy departments and the checklist before any request', () => {
    expect(completionAcceptanceOf(DEPARTMENTS, CHECKLIST, [], [])).toEqual({
      status: 'NOT_REQUESTED',
      currentRound: 0,
      round: 0,
      rounds: [],
      rectificationNotice: null,
      checklist: CHECKLIST.map((s) => ({ item: s.item, description: s.description })),
      departments: DEPARTMENTS,
      passedDepartments: [],
      documents: [],
      requiredDepartments: DEPARTMENTS,
      pendingDepartments: [],
      signatures: [],
      rectificationItems: [],
      requestedBy: null,
      requestedAt: null,
      decidedAt: null,
      clock: null,
    });
  });

  it('shows the signatures of the current round in signing order and who is still to sign', () => {
    const view = completionAcceptanceOf(
      DEPARTMENTS,
      CHECKLIST,
      [round(1)],
      [sign(1, 'safety', 'PASS', 3), sign(1, 'marketing', 'PASS', 2)],
    );
    expect(view.status).toBe('REQUESTED');
    expect(view.signatures.map((s) => s.department)).toEqual(['marketing', 'safety']);
    expect(view.pendingDepartments).toEqual(['metering']);
    expect(view.rounds[0].pendingDepartments).toEqual(['metering']);
    expect(view.documents).toEqual([{ item: 'COMPLETION_REPORT', documentId: 'report-1' }]);
    expect(view.passedDepartments).toEqual(['marketing', 'safety']);
  });

  it('issues one notice for a failed round, keeps it through the re-inspection by the failing departments, and clears it once passed', () => {
    const failed = [round(1, 'FAILED')];
    const firstSignatures = [
      sign(1, 'marketing', 'FAIL', 1, 'tariff sign'),
      sign(1, 'metering', 'FAIL', 2, 'meter box', 'CT ratio'),
      sign(1, 'safety', 'PASS', 3),
    ];
    const items = [
      { department: 'marketing', item: 'tariff sign' },
      { department: 'metering', item: 'meter box' },
      { department: 'metering', item: 'CT ratio' },
    ];
    const notice = { round: 1, items, departments: ['marketing', 'metering'], issuedAt: at(15) };
    expect(completionAcceptanceOf(DEPARTMENTS, CHECKLIST, failed, firstSignatures)).toMatchObject({
      status: 'FAILED',
      currentRound: 1,
      rectificationNotice: notice,
      rectificationItems: items,
      pendingDepartments: [],
      passedDepartments: ['safety'],
    });

    const second = [...failed, round(2, null, ['marketing', 'metering'])];
    const again = completionAcceptanceOf(DEPARTMENTS, CHECKLIST, second, [...firstSignatures, sign(2, 'metering', 'PASS', 21)]);
    expect(again).toMatchObject({
      status: 'REQUESTED',
      currentRound: 2,
      rectificationNotice: notice,
      requiredDepartments: ['marketing', 'metering'],
      pendingDepartments: ['marketing'],
      departments: DEPARTMENTS,
      passedDepartments: ['metering', 'safety'],
    });
    expect(again.rounds.map((r) => [r.round, r.status, r.rectificationItems.length])).toEqual([
      [1, 'FAILED', 3],
      [2, 'REQUESTED', 0],
    ]);

    const passed = [round(1, 'FAILED'), round(2, 'PASSED', ['marketing', 'metering'])];
    const done = completionAcceptanceOf(DEPARTMENTS, CHECKLIST, passed, [
      ...firstSignatures,
      sign(2, 'metering', 'PASS', 21),
      sign(2, 'marketing', 'PASS', 22),
    ]);
    expect(done).toMatchObject({ status: 'PASSED', rectificationNotice: null, rectificationItems: [], decidedAt: at(25) });
    expect(done.passedDepartments).toEqual(DEPARTMENTS);
    expect(done.rounds[0].rectificationItems).toEqual(items);
  });

  it('keeps the departments a round was requested with, even when the policy changed since', () => {
    expect(completionAcceptanceOf(['marketing'], CHECKLIST, [round(1)], []).requiredDepartments).toEqual(DEPARTMENTS);
  });

  it('is CANCELLED once the case is withdrawn, with no notice to answer', () => {
    const view = completionAcceptanceOf(
      DEPARTMENTS,
      CHECKLIST,
      [round(1, 'FAILED'), round(2, 'CANCELLED')],
      [sign(1, 'safety', 'FAIL', 3, 'x')],
      true,
    );
    expect(view).toMatchObject({ status: 'CANCELLED', rectificationNotice: null, currentRound: 2 });
    expect(view.rounds.map((r) => r.status)).toEqual(['FAILED', 'CANCELLED']);
  });

  it("gives each round its own clock and the acceptance the current round's", () => {
    const clocks = [clockView('COMPLETION_ACCEPTANCE', 2), clockView('DESIGN_REVIEW', 1), clockView('COMPLETION_ACCEPTANCE', 1)];
    const view = completionAcceptanceOf(DEPARTMENTS, CHECKLIST, [round(2), round(1, 'FAILED')], [], false, clocks);
    expect(view.rounds.map((r) => r.clock?.id)).toEqual(['COMPLETION_ACCEPTANCE-1', 'COMPLETION_ACCEPTANCE-2']);
    expect(view.clock?.id).toBe('COMPLETION_ACCEPTANCE-2');
  });
});
