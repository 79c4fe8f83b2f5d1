import { InvalidTransitionError } from '@yekuo/shared';
import { APPLICATION_STATUSES, ApplicationAction, applicationStateMachine } from './application-state';

describe('applicationStateMachine', () => {
  const allowed: Record<ApplicationAction, string[]> = {
    acceptApplication: ['SUBMITTED'],
    returnApplication: ['SUBMITTED'],
    resubmitApplication: ['RETURNED'],
  };

  for (const [action, from] of Object.entries(allowed) as [ApplicationAction, string[]][]) {
    for (const status of APPLICATION_STATUSES) {
      it(`${action} from ${status} is ${from.includes(status) ? 'allowed' : 'refused'}`, () => {
        if (from.includes(status)) {
          expect(APPLICATION_STATUSES).toContain(applicationStateMachine.next(status, action));
        } else {
          expect(() => applicationStateMachine.next(status, action)).toThrow(InvalidTransitionError);
        }
      });
    }
  }

  it('returns, resubmits and accepts the same application', () => {
    let status = applicationStateMachine.next('SUBMITTED', 'returnApplication');
    status = applicationStateMachine.next(status, 'resubmitApplication');
    expect(applicationStateMachine.next(status, 'acceptApplication')).toBe('ACCEPTED');
  });
});
