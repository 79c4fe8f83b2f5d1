import { ErrorCode, InvalidTransitionError } from '@yekuo/platform';
import {
  INSTALLATION_ORDER_ACTIONS,
  INSTALLATION_ORDER_STATUSES,
  InstallationOrderAction,
  InstallationOrderStatus,
  installationOrderStateMachine,
} from './installation-order.state-machine';

const EXPECTED: Record<InstallationOrderStatus, Partial<Record<InstallationOrderAction, InstallationOrderStatus>>> = {
  NOT_SCHEDULED: { scheduleInstallation: 'SCHEDULED' },
  SCHEDULED: { rescheduleInstallation: 'SCHEDULED', recordMeterInstallation: 'COMPLETED', cancel: 'CANCELLED' },
  COMPLETED: {},
  CANCELLED: {},
};

const pairs = INSTALLATION_ORDER_STATUSES.flatMap((s) => INSTALLATION_ORDER_ACTIONS.map((a) => [s, a] as const));

describe('installation order state machine', () => {
  it.each(pairs)('%s --%s-->', (state, action) => {
    const expected = EXPECTED[state][action];
    if (expected) {
      expect(installationOrderStateMachine.next(state, action)).toBe(expected);
      return;
    }
    const step = () => installationOrderStateMachine.next(state, action);
    expect(step).toThrow(InvalidTransitionError);
    expect(step).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: ErrorCode.INVALID_TRANSITION, currentState: state }) }),
    );
  });

  it('requires a scheduled order before the installation is recorded', () => {
    expect(() => installationOrderStateMachine.next('NOT_SCHEDULED', 'recordMeterInstallation')).toThrow(InvalidTransitionError);
  });
});
