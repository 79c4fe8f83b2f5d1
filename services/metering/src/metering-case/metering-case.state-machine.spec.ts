import { ErrorCode, InvalidTransitionError } from '@yekuo/platform';
import {
  METERING_ACTIONS,
  METERING_STATUSES,
  MeteringAction,
  MeteringStatus,
  meteringStateMachine,
  MeteringStep,
  requireStep,
} from './metering-case.state-machine';

/** The whole table written out independently of the implementation: every allowed (state, action) → next state. */
const EXPECTED: Record<MeteringStatus, Partial<Record<MeteringAction, MeteringStatus>>> = {
  AWAITING_SCHEME: { open: 'OPEN', cancel: 'CANCELLED' },
  OPEN: { assignMeter: 'METER_ASSIGNED', energize: 'ENERGIZED', cancel: 'CANCELLED' },
  METER_ASSIGNED: { installMeter: 'METER_INSTALLED', energize: 'ENERGIZED', cancel: 'CANCELLED' },
  METER_INSTALLED: { energize: 'ENERGIZED', cancel: 'CANCELLED' },
  ENERGIZED: { archive: 'ARCHIVED' },
  ARCHIVED: {},
  CANCELLED: {},
};

const REQUIRES: Record<MeteringAction, MeteringStatus[]> = {
  open: ['AWAITING_SCHEME'],
  assignMeter: ['OPEN'],
  installMeter: ['METER_ASSIGNED'],
  energize: ['OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
  archive: ['ENERGIZED'],
  cancel: ['AWAITING_SCHEME', 'OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
};

const pairs = METERING_STATUSES.flatMap((state) => METERING_ACTIONS.map((action) => [state, action] as const));

describe('metering state machine', () => {
  it('covers 7 states and 6 actions (42 pairs)', () => {
    expect(pairs).toHaveLength(42);
    expect(Object.keys(EXPECTED).sort()).toEqual([...METERING_STATUSES].sort());
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] !== undefined))('%s --%s--> allowed', (state, action) => {
    expect(meteringStateMachine.allows(state, action)).toBe(true);
    expect(meteringStateMachine.next(state, action)).toBe(EXPECTED[state][action]);
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] === undefined))('%s --%s--> INVALID_TRANSITION', (state, action) => {
    expect(meteringStateMachine.allows(state, action)).toBe(false);
    const step = () => meteringStateMachine.next(state, action);
    expect(step).toThrow(InvalidTransitionError);
    expect(step).toThrow(
      expect.objectContaining({ extensions: { code: ErrorCode.INVALID_TRANSITION, currentState: state, requires: REQUIRES[action] } }),
    );
  });

  it('walks from a fact that arrived before the scheme to the archive', () => {
    const walk: MeteringAction[] = ['open', 'assignMeter', 'installMeter', 'energize', 'archive'];
    const end = walk.reduce<MeteringStatus>((state, action) => meteringStateMachine.next(state, action), 'AWAITING_SCHEME');
    expect(end).toBe('ARCHIVED');
  });

  it('never energizes twice and leaves ARCHIVED final', () => {
    expect(meteringStateMachine.allows('ENERGIZED', 'energize')).toBe(false);
    expect(meteringStateMachine.allows('ARCHIVED', 'energize')).toBe(false);
    expect(METERING_ACTIONS.filter((a) => meteringStateMachine.allows('ARCHIVED', a))).toEqual([]);
  });

  it('cancels every state before energization, and nothing leaves CANCELLED', () => {
    expect(METERING_STATUSES.filter((s) => meteringStateMachine.allows(s, 'cancel'))).toEqual([
      'AWAITING_SCHEME',
      'OPEN',
      'METER_ASSIGNED',
      'METER_INSTALLED',
    ]);
    expect(METERING_ACTIONS.filter((a) => meteringStateMachine.allows('CANCELLED', a))).toEqual([]);
  });

  it('lets the installation be scheduled and moved only before it happens', () => {
    for (const step of ['scheduleInstallation', 'rescheduleInstallation'] as MeteringStep[]) {
      for (const s of METERING_STATUSES) {
        if (s === 'OPEN' || s === 'METER_ASSIGNED') {
          expect(() => requireStep(s, step)).not.toThrow();
        } else {
          expect(() => requireStep(s, step)).toThrow(InvalidTransitionError);
          expect(() => requireStep(s, step)).toThrow(
            expect.objectContaining({ extensions: expect.objectContaining({ currentState: s, requires: ['OPEN', 'METER_ASSIGNED'] }) }),
          );
        }
      }
    }
  });
});
