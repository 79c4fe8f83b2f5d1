import { CUSTOMER_CATEGORIES, nextAction } from '@yekuo/events';
import { variantOf } from '@yekuo/policy';
import { handOver, nextActionAfterConfirmation, PLANNING_NEXT_ACTIONS, stageAfterScheme } from './next-action.policy';

describe('next-action policy', () => {
  it('names the team that takes the role in the region', () => {
    expect(handOver('surveyor', '310115', 'go')).toEqual({ role: 'surveyor', team: 'survey-east', description: 'go' });
    expect(handOver('surveyor', '310104', 'go')).toEqual({ role: 'surveyor', team: 'survey-west', description: 'go' });
  });

  it('leaves the team out where no team takes the work', () => {
    expect(handOver('customer', '310115', 'confirm')).toEqual({ role: 'customer', description: 'confirm' });
    expect(handOver('surveyor', '999999', 'go')).toEqual({ role: 'surveyor', description: 'go' });
  });

  it('reads the stage after the scheme from the process variant', () => {
    for (const variant of [null, 'PRE_REFORM'] as const) {
      expect(stageAfterScheme('LV_RESIDENTIAL', variant)).toBe('CONTRACT_AND_FEES');
      expect(stageAfterScheme('LV_NON_RESIDENTIAL', variant)).toBe('COMPLETION_ACCEPTANCE');
      expect(stageAfterScheme('HV_SINGLE_SOURCE', variant)).toBe('DESIGN_REVIEW');
      expect(stageAfterScheme('HV_DUAL_SOURCE', variant)).toBe('DESIGN_REVIEW');
    }
    // 三零 signs the contract with the application: the meter follows the scheme.
    expect(stageAfterScheme('LV_RESIDENTIAL', 'THREE_ZERO')).toBe('METER_INSTALLATION');
    expect(stageAfterScheme('LV_NON_RESIDENTIAL', 'THREE_ZERO')).toBe('METER_INSTALLATION');
    expect(stageAfterScheme('HV_SINGLE_SOURCE', 'THREE_SAVINGS')).toBe('DESIGN_REVIEW');
  });

  it('hands a confirmed scheme to the contract officer (LV residential) or the customer (design, construction)', () => {
    expect(nextActionAfterConfirmation('LV_RESIDENTIAL', '310101', null)).toMatchObject({ role: 'contract-officer', team: 'contracts' });
    expect(nextActionAfterConfirmation('LV_NON_RESIDENTIAL', '310101', null)).toMatchObject({ role: 'customer' });
    expect(nextActionAfterConfirmation('LV_NON_RESIDENTIAL', '310101', 'PRE_REFORM')).toMatchObject({ role: 'customer' });
    expect(nextActionAfterConfirmation('HV_SINGLE_SOURCE', '310101', null)?.description).toMatch(/design/);
    expect(nextActionAfterConfirmation('HV_DUAL_SOURCE', '310101', 'THREE_SAVINGS')).toMatchObject({ role: 'customer' });
  });

  it('hands a 三零 scheme, confirmed by rule, to the meter installation; its reply asks nothing of the customer', () => {
    for (const category of ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL'] as const) {
      expect(nextActionAfterConfirmation(category, '310101', 'THREE_ZERO')).toMatchObject({ role: 'metering-technician' });
      expect(PLANNING_NEXT_ACTIONS.schemeReplied('310101', variantOf(category, 'THREE_ZERO'))).toBeUndefined();
      expect(PLANNING_NEXT_ACTIONS.schemeReplied('310101', variantOf(category, 'PRE_REFORM'))).toMatchObject({ role: 'customer' });
    }
  });

  it('produces next actions the event catalog accepts for every category and step', () => {
    const at = new Date('2026-03-02T01:00:00Z');
    const all = [
      ...CUSTOMER_CATEGORIES.map((c) => nextActionAfterConfirmation(c, '310115', null)),
      ...(['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL'] as const).map((c) => nextActionAfterConfirmation(c, '310115', 'THREE_ZERO')),
      PLANNING_NEXT_ACTIONS.surveyScheduled('310115', at),
      PLANNING_NEXT_ACTIONS.surveyCompleted('310115'),
      PLANNING_NEXT_ACTIONS.schemeDrafted('310115', 2),
      PLANNING_NEXT_ACTIONS.schemeApproved('310115', 2),
      PLANNING_NEXT_ACTIONS.schemeRejected('310115', 1, 'capacity too high'),
      PLANNING_NEXT_ACTIONS.schemeReplied('310115', variantOf('HV_SINGLE_SOURCE')),
    ];
    for (const action of all) expect(nextAction.safeParse(action).success).toBe(true);
    expect(PLANNING_NEXT_ACTIONS.schemeDrafted('310115', 2)).toEqual({
      role: 'approver',
      team: 'planning',
      description: 'Approve or reject supply scheme version 2',
    });
    expect(PLANNING_NEXT_ACTIONS.surveyScheduled('310115', at).description).toContain('2026-03-02T01:00:00.000Z');
  });
});
