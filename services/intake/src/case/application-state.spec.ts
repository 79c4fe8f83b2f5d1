import { InvalidTransitionError } from '@yekuo/platform';
import { APPLICATION_STATUSES, ApplicationAction, applicationStateMachine } from './application-state';

describe('applicationStateMachine', () => {
  const allowed: Record<ApplicationAction, string[]> = {
    acceptApplication: ['SUBMITTED'],
    returnApplication: ['SUBMITTED'],
    resubmitApplication: ['RETURNED'],
    withdrawApplication: ['SUBMITTED', 'RETURNED', 'ACCEPTED'],
    overrideCategory: ['SUBMITTED', 'RETURNED'],
    uploadDocument: ['SUBMITTED', 'RETURNED'],
    rejectDocument: ['SUBMITTED', 'RETURNED'],
    uploadStageDocument: ['ACCEPTED'],
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

  it('withdraws once: a withdrawn application refuses every action with currentState WITHDRAWN', () => {
    const withdrawn = applicationStateMachine.next('ACCEPTED', 'withdrawApplication');
    expect(withdrawn).toBe('WITHDRAWN');
    expect(() => applicationStateMachine.next(withdrawn, 'withdrawApplication')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_TRANSITION', currentState: 'WITHDRAWN' }) }),
    );
  });
});
