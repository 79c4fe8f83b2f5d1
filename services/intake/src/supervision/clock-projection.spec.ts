import { applyClockEvent, ClockEventKind, ClockFacts, isAtRisk, isOverdue, parseClockEventType } from './clock-projection';

const base = {
  clockId: '6f1c1f5e-7a39-4a37-9a8e-3d2f2a3a9b11',
  caseId: '0b7a4c0e-2a52-4c0c-8d7e-0d4f5b0f1a22',
  caseNumber: 'YK-2026-000001',
  customerId: '2c1d6b3e-5f4a-4b8c-9d0e-1f2a3b4c5d66',
  category: 'HV_SINGLE_SOURCE' as const,
  policyVersion: '2020-01',
  actor: { id: 'p-1', role: 'planner' as const },
  stage: 'SUPPLY_SCHEME' as const,
  limitDays: 15,
  targetDays: 10,
  deadline: '2026-03-20T10:00:00.000Z',
  targetDeadline: '2026-03-13T10:00:00.000Z',
  provisional: false,
  team: 'planning',
};

const apply = (events: [ClockEventKind, Record<string, unknown>][]): ClockFacts =>
  events.reduce<ClockFacts | null>(
    (clock, [kind, extra]) => applyClockEvent(clock, 'planning', kind, { ...base, at: '', ...extra }),
    null,
  )!;

describe('clock projection', () => {
  const started: [ClockEventKind, Record<string, unknown>] = ['started', { at: '2026-03-02T10:00:00.000Z' }];
  const paused: [ClockEventKind, Record<string, unknown>] = [
    'warned',
    { at: '2026-03-12T10:00:00.000Z', deadline: '2026-03-24T10:00:00.000Z' },
  ];
  const stopped: [ClockEventKind, Record<string, unknown>] = [
    'stopped',
    { at: '2026-03-18T10:00:00.000Z', deadline: '2026-03-24T10:00:00.000Z', onTime: true, utilitySeconds: 1000, customerSeconds: 200 },
  ];

  it('ends in the same state whatever order the events arrive in; a late start does not restart a stopped clock', () => {
    const inOrder = apply([started, paused, stopped]);
    const shuffled = apply([stopped, started, paused]);
    expect(shuffled).toEqual(inOrder);
    // The pause moved the deadline; the start arriving after it does not move it back.
    expect(apply([paused, started]).deadline.toISOString()).toBe('2026-03-24T10:00:00.000Z');
    expect(inOrder.stoppedAt?.toISOString()).toBe('2026-03-18T10:00:00.000Z');
    expect(inOrder.deadline.toISOString()).toBe('2026-03-24T10:00:00.000Z');
    expect(inOrder).toMatchObject({ onTime: true, utilitySeconds: 1000, customerSeconds: 200, team: 'planning' });
  });

  it('tells overdue from at-risk', () => {
    const running = apply([started]);
    expect(isOverdue(running, new Date('2026-03-21T00:00:00Z'))).toBe(true);
    expect(isAtRisk(running, new Date('2026-03-14T00:00:00Z'))).toBe(true);
    expect(isAtRisk(running, new Date('2026-03-05T00:00:00Z'))).toBe(false);
    expect(isOverdue(apply([started, stopped]), new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });

  describe('an END_TO_END clock waiting on the customer', () => {
    type Event = [ClockEventKind, Record<string, unknown>];
    const endToEnd = (kind: ClockEventKind, at: string, extra: Record<string, unknown> = {}): Event => [
      kind,
      { stage: 'END_TO_END', at, ...extra },
    ];
    const start = endToEnd('started', '2026-03-02T10:00:00.000Z');
    // The deadline a paused event carries stands still; the resume moves it on by the paused time.
    const firstPause = endToEnd('paused', '2026-03-04T10:00:00.000Z', { reason: 'Confirm the scheme' });
    const firstResume = endToEnd('resumed', '2026-03-06T10:00:00.000Z', { deadline: '2026-03-24T10:00:00.000Z' });
    const secondPause = endToEnd('paused', '2026-03-09T10:00:00.000Z', { deadline: '2026-03-24T10:00:00.000Z', reason: 'Sign' });
    const secondResume = endToEnd('resumed', '2026-03-11T10:00:00.000Z', { deadline: '2026-03-26T10:00:00.000Z' });
    const permutations = (events: Event[]): Event[][] =>
      events.length <= 1
        ? [events]
        : events.flatMap((event, i) => permutations([...events.slice(0, i), ...events.slice(i + 1)]).map((rest) => [event, ...rest]));

    it('is paused since its latest pause until a later resume, whatever order the events arrive in', () => {
      const waiting = [start, firstPause, firstResume, secondPause];
      for (const order of permutations(waiting)) {
        const clock = apply(order);
        expect(clock.pausedAt?.toISOString()).toBe('2026-03-09T10:00:00.000Z');
        expect(clock).toEqual(apply(waiting));
      }
      for (const order of permutations([...waiting, secondResume])) {
        const clock = apply(order);
        expect(clock.pausedAt).toBeNull();
        expect(clock.deadline.toISOString()).toBe('2026-03-26T10:00:00.000Z');
      }
    });

    it('counts again after a resume dated at the instant of the pause, whichever of the two arrives first', () => {
      const instantResume = endToEnd('resumed', '2026-03-04T10:00:00.000Z');
      expect(apply([start, firstPause, instantResume]).pausedAt).toBeNull();
      expect(apply([start, instantResume, firstPause]).pausedAt).toBeNull();
    });

    it('is no longer paused once stopped, even when the pause arrives after the stop', () => {
      const stop = endToEnd('stopped', '2026-03-10T10:00:00.000Z', { onTime: true, utilitySeconds: 100, customerSeconds: 50 });
      expect(apply([start, secondPause, stop]).pausedAt).toBeNull();
      expect(apply([start, stop, secondPause]).pausedAt).toBeNull();
    });

    it('is neither overdue nor at risk while it waits, unless a breach was announced at or before the pause', () => {
      const warn = endToEnd('warned', '2026-03-08T10:00:00.000Z', { measure: 'LIMIT' });
      const waiting = apply([start, warn, secondPause]);
      const longAfterTheDeadline = new Date('2026-04-30T00:00:00Z');
      expect(isOverdue(waiting, longAfterTheDeadline)).toBe(false);
      expect(isAtRisk(waiting, longAfterTheDeadline)).toBe(false);
      // Counting again, the deadline the resume moved judges it.
      const resumed = apply([start, warn, secondPause, secondResume]);
      expect(isOverdue(resumed, longAfterTheDeadline)).toBe(true);
      expect(isAtRisk(resumed, new Date('2026-03-12T00:00:00Z'))).toBe(true);

      const breachedThenPaused = apply([start, endToEnd('breached', '2026-03-09T10:00:00.000Z', { measure: 'LIMIT' }), secondPause]);
      expect(isOverdue(breachedThenPaused, new Date('2026-03-10T00:00:00Z'))).toBe(true);
      expect(isAtRisk(breachedThenPaused, new Date('2026-03-10T00:00:00Z'))).toBe(false);
      // A breach dated after the pause began came after a resume still on its way: the pause is judged as it stands.
      const breachedLater = apply([start, firstPause, endToEnd('breached', '2026-03-20T10:00:00.000Z', { measure: 'LIMIT' })]);
      expect(isOverdue(breachedLater, new Date('2026-03-21T00:00:00Z'))).toBe(false);
    });
  });

  it('recognises only time-limit event types', () => {
    expect(parseClockEventType('inspection.timelimit.breached.v1')).toEqual({ service: 'inspection', kind: 'breached' });
    expect(parseClockEventType('metering.timelimit.started.v2')).toEqual({ service: 'metering', kind: 'started' });
    expect(parseClockEventType('intake.timelimit.stopped.v3')).toBeUndefined();
    expect(parseClockEventType('inspection.design.approved.v1')).toBeUndefined();
  });
});
