import { InvalidTransitionError } from '@yekuo/platform';
import { StateMachine, Transitions } from '@yekuo/policy';

/**
 * Where a case stands in metering. AWAITING_SCHEME: a gate fact arrived before the
 * scheme confirmation, so metering keeps the fact but does not know the case yet.
 * CANCELLED: the customer withdrew the application before energization.
 */
export const METERING_STATUSES = [
  'AWAITING_SCHEME',
  'OPEN',
  'METER_ASSIGNED',
  'METER_INSTALLED',
  'ENERGIZED',
  'ARCHIVED',
  'CANCELLED',
] as const;
export type MeteringStatus = (typeof METERING_STATUSES)[number];

/** The acts that move a metering case: the scheme confirmation and the withdrawal (events) and one per mutation. */
export const METERING_ACTIONS = ['open', 'assignMeter', 'installMeter', 'energize', 'archive', 'cancel'] as const;
export type MeteringAction = (typeof METERING_ACTIONS)[number];

/**
 * Meter work may start once the scheme is confirmed, in parallel with construction.
 * `energize` is allowed by the state machine from every open state before
 * energization; the energization gate (policy data, which requires the installed
 * meter in every variant) decides whether it may happen now, and refuses with
 * GATE_CLOSED naming what is missing. A withdrawal cancels every state before
 * energization; nothing leaves CANCELLED.
 */
export const METERING_TRANSITIONS: Transitions<MeteringStatus, MeteringAction> = {
  open: { from: ['AWAITING_SCHEME'], to: 'OPEN' },
  assignMeter: { from: ['OPEN'], to: 'METER_ASSIGNED' },
  installMeter: { from: ['METER_ASSIGNED'], to: 'METER_INSTALLED' },
  energize: {
    from: ['OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
    to: 'ENERGIZED',
  },
  archive: { from: ['ENERGIZED'], to: 'ARCHIVED' },
  cancel: { from: ['AWAITING_SCHEME', 'OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'], to: 'CANCELLED' },
};

export const meteringStateMachine = new StateMachine<MeteringStatus, MeteringAction>(METERING_TRANSITIONS);

/** Acts on a case that leave its state as it is, and the states they may happen in. */
export const METERING_STEPS = {
  /** The installation is planned before it happens: while the meter is still to be assigned or waits to be installed. */
  scheduleInstallation: ['OPEN', 'METER_ASSIGNED'],
  rescheduleInstallation: ['OPEN', 'METER_ASSIGNED'],
  /** The power-on waits on the customer, or runs on: while energization may happen (and its gate is open). */
  postponeEnergization: ['OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
  resumeEnergization: ['OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
  /** The installation waits on the customer, or runs on: while the meter is still to be installed. */
  postponeMeterInstallation: ['OPEN', 'METER_ASSIGNED'],
  resumeMeterInstallation: ['OPEN', 'METER_ASSIGNED'],
} as const satisfies Record<string, readonly MeteringStatus[]>;
export type MeteringStep = keyof typeof METERING_STEPS;

/** INVALID_TRANSITION (with currentState and requires) unless `step` may happen while the case is `current`. */
export function requireStep(current: MeteringStatus, step: MeteringStep): void {
  const allowed: readonly MeteringStatus[] = METERING_STEPS[step];
  if (!allowed.includes(current)) throw new InvalidTransitionError(step, current, [...allowed]);
}
