import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { TimeLimitPolicy } from '@yekuo/timelimits';
import { walksStage } from '@yekuo/policy';
import { handOver } from '../inspection-case/next-action.policy';
import { INSPECTION_STATUSES } from '../inspection-case/inspection-case.state-machine';
import { openWorkOf } from '../withdrawal/open-work';
import { CLOCK_HOLDERS, CUSTOMER_DELAY_STEPS, INSPECTION_CLOCK_STAGES } from './inspection-clock.policy';

describe('inspection clock policy', () => {
  const policy = TimeLimitPolicy.fromFile();

  it('has a limit and target in every policy version for each timed step a category walks, and none for a step it skips', () => {
    for (const version of policy.versionIds) {
      for (const category of CUSTOMER_CATEGORIES) {
        for (const stage of INSPECTION_CLOCK_STAGES) {
          const limits = policy.limitsFor(version, stage, category);
          if (walksStage(category, stage)) expect({ version, category, stage, limits }).toMatchObject({ limits: expect.any(Object) });
          else expect({ version, category, stage, limits }).toMatchObject({ limits: undefined });
        }
      }
    }
  });

  it('names a team for every clock holder', () => {
    for (const stage of INSPECTION_CLOCK_STAGES) expect(handOver(CLOCK_HOLDERS[stage], '').team).toBe('inspection');
  });

  it('lets the customer delay only an on-site step that awaits the utility, the same open work a withdrawal closes', () => {
    expect(CUSTOMER_DELAY_STEPS).toEqual({
      INTERMEDIATE_REQUESTED: 'INTERMEDIATE_INSPECTION',
      ACCEPTANCE_REQUESTED: 'COMPLETION_ACCEPTANCE',
    });
    for (const status of INSPECTION_STATUSES) {
      const stage = CUSTOMER_DELAY_STEPS[status];
      if (stage) expect(openWorkOf(status, 0)).toContain(stage);
    }
    expect(CUSTOMER_DELAY_STEPS.CANCELLED).toBeUndefined();
  });
});
