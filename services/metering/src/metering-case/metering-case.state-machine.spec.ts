import { ErrorCode, InvalidTransitionError } from '@yekuo/shared';
import { METERING_ACTIONS, METERING_STATUSES, MeteringAction, MeteringStatus, meteringStateMachine } from './metering-case.state-machine';

/** The whole table written out independently of the implementation: every allowed (state, action) → next state. */
const EXPECTED: Record<MeteringStatus, Partial<Record<MeteringAction, MeteringStatus>>> = {
  AWAITING_SCHEME: { open: 'OPEN' },
  OPEN: { assignMeter: 'METER_ASSIGNED', energize: 'ENERGIZED' },
  METER_ASSIGNED: { installMeter: 'METER_INSTALLED', energize: 'ENERGIZED' },
  METER_INSTALLED: { energize: 'ENERGIZED' },
  ENERGIZED: { archive: 'ARCHIVED' },
  ARCHIVED: {},
};

const REQUIRES: Record<MeteringAction, MeteringStatus[]> = {
  open: ['AWAITING_SCHEME'],
  assignMeter: ['OPEN'],
  installMeter: ['METER_ASSIGNED'],
  energize: ['OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
  archive: ['ENERGIZED'],
};

const pairs = METERING_STATUSES.flatMap((state) => METERING_ACTIONS.map((action) => [state, action] as const));

describe('metering state machine', () => {
  it('covers 6 states and 5 actions (30 pairs)', () => {
    expect(pairs).toHaveLength(30);
    expect(Object.keys(EXPECTED).sort()).toEqual([...METERING_STATUSES].sort());
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] !== undefined))('%s --%s--> allowed', (state, action) => {
    expect(meteringStateMachine.allows(state, action)).toBe(true);
    expect(meteringStateMachine.next(state, action)).toBe(EXPECTED[state][action]);
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] === undefined))('%s --%s--> INVALID_TRANSITION', (state, action) => {
    expect(meteringStateMachine.allows(state, action)).toBe(false);
    let error: unknown;
    try {
      meteringStateMachine.next(state, action);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).extensions).toEqual({
      code: ErrorCode.INVALID_TRANSITION,
      currentState: state,
      requires: REQUIRES[action],
    });
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
});
