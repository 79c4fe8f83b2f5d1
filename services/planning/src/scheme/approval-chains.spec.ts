import { ErrorCode, ForbiddenError, Principal } from '@yekuo/platform';
import { APPROVAL_CHAINS, APPROVER_ROLES, nextApprovalStep, RecordedApproval } from './approval-chains';
import { voltageClassOf } from './scheme-terms';

const approver = (sub: string): Principal => ({ sub, roles: ['approver'], regions: [], actsFor: [] });

/** Signs the whole chain with distinct approvers; returns the finals seen per level. */
function walk(chainId: keyof typeof APPROVAL_CHAINS): boolean[] {
  const chain = APPROVAL_CHAINS[chainId];
  const approvals: RecordedApproval[] = [];
  const finals: boolean[] = [];
  for (let i = 1; i <= chain.levels.length; i++) {
    const step = nextApprovalStep(chain, approvals, approver(`approver-${i}`));
    expect(step.level.level).toBe(i);
    expect(step.role).toBe('approver');
    finals.push(step.final);
    approvals.push({ level: step.level.level, approverId: `approver-${i}` });
  }
  return finals;
}

describe('approval chains', () => {
  it('selects the chain by voltage class', () => {
    expect(voltageClassOf('AC220V')).toBe('LV');
    expect(voltageClassOf('AC380V')).toBe('LV');
    expect(voltageClassOf('AC10KV')).toBe('MV');
    expect(voltageClassOf('AC20KV')).toBe('MV');
    expect(voltageClassOf('AC35KV')).toBe('HV');
    expect(voltageClassOf('AC110KV')).toBe('HV');
    expect(APPROVER_ROLES).toEqual(['approver']);
  });

  it('low voltage: one level, final at once', () => {
    expect(walk('LV')).toEqual([true]);
  });

  it('10 kV: two levels, the second final', () => {
    expect(walk('MV')).toEqual([false, true]);
  });

  it('35 kV and above: three levels, the third final', () => {
    expect(walk('HV')).toEqual([false, false, true]);
  });

  it('refuses the same approver for a second level (FORBIDDEN, with a clear message)', () => {
    const again = () => nextApprovalStep(APPROVAL_CHAINS.MV, [{ level: 1, approverId: 'approver-1' }], approver('approver-1'));
    expect(again).toThrow(ForbiddenError);
    expect(again).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: ErrorCode.FORBIDDEN }),
        message:
          'approver-1 already approved level 1 of this version; level 2 (Operations and dispatch review (运检/调度会审)) needs a different approver',
      }),
    );
    // A rule approval (no person) does not block anyone.
    expect(nextApprovalStep(APPROVAL_CHAINS.MV, [{ level: 1, approverId: null }], approver('approver-1')).level.level).toBe(2);
  });

  it('refuses a caller without the level role, and a fully signed chain', () => {
    expect(() => nextApprovalStep(APPROVAL_CHAINS.LV, [], { sub: 'p', roles: ['planner'], regions: [], actsFor: [] })).toThrow(
      ForbiddenError,
    );
    expect(() => nextApprovalStep(APPROVAL_CHAINS.LV, [{ level: 1, approverId: 'a' }], approver('b'))).toThrow(/signed already/);
  });
});
