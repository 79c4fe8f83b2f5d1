import type { AcceptanceRound } from './acceptance-round.entity';
import { completionAcceptanceOf } from './completion-acceptance.model';
import type { Countersignature } from './countersignature.entity';

const DEPARTMENTS = ['marketing', 'metering', 'safety'];
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 1, minute));

const round = (n: number, result: AcceptanceRound['result'] = null): AcceptanceRound => ({
  id: `r${n}`,
  caseId: 'c',
  round: n,
  documents: [`report-${n}`],
  requiredDepartments: DEPARTMENTS,
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

describe('completionAcceptanceOf', () => {
  it('is NOT_REQUESTED with the policy departments before any request', () => {
    expect(completionAcceptanceOf(DEPARTMENTS, [], [])).toEqual({
      status: 'NOT_REQUESTED',
      round: 0,
      documents: [],
      requiredDepartments: DEPARTMENTS,
      pendingDepartments: [],
      signatures: [],
      rectificationItems: [],
      requestedBy: null,
      requestedAt: null,
      decidedAt: null,
    });
  });

  it('shows the signatures of the current round in signing order and who is still to sign', () => {
    const view = completionAcceptanceOf(DEPARTMENTS, [round(1)], [sign(1, 'safety', 'PASS', 3), sign(1, 'marketing', 'PASS', 2)]);
    expect(view.status).toBe('REQUESTED');
    expect(view.signatures.map((s) => s.department)).toEqual(['marketing', 'safety']);
    expect(view.pendingDepartments).toEqual(['metering']);
    expect(view.documents).toEqual(['report-1']);
  });

  it('keeps the rectification list of a failed round through the next request, and clears it once a round passes', () => {
    const failed = [round(1, 'FAILED')];
    const firstSignatures = [sign(1, 'marketing', 'PASS', 1), sign(1, 'metering', 'FAIL', 2, 'meter box'), sign(1, 'safety', 'PASS', 3)];
    const items = [{ department: 'metering', item: 'meter box' }];
    expect(completionAcceptanceOf(DEPARTMENTS, failed, firstSignatures)).toMatchObject({
      status: 'FAILED',
      round: 1,
      rectificationItems: items,
      pendingDepartments: [],
    });

    const second = [...failed, round(2)];
    const again = completionAcceptanceOf(DEPARTMENTS, second, [...firstSignatures, sign(2, 'safety', 'PASS', 21)]);
    expect(again).toMatchObject({
      status: 'REQUESTED',
      round: 2,
      rectificationItems: items,
      pendingDepartments: ['marketing', 'metering'],
    });
    expect(again.signatures.map((s) => s.department)).toEqual(['safety']);

    const passed = [round(1, 'FAILED'), round(2, 'PASSED')];
    expect(completionAcceptanceOf(DEPARTMENTS, passed, firstSignatures)).toMatchObject({
      status: 'PASSED',
      rectificationItems: [],
      decidedAt: at(25),
    });
  });

  it('keeps the departments a round was requested with, even when the policy changed since', () => {
    expect(completionAcceptanceOf(['marketing'], [round(1)], []).requiredDepartments).toEqual(DEPARTMENTS);
  });
});
