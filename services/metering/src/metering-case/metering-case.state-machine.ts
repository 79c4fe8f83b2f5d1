import { StateMachine, Transitions } from '@yekuo/shared';

/**
 * Where a case stands in metering. AWAITING_SCHEME: a gate fact arrived before the
 * scheme confirmation, so metering keeps the fact but does not know the case yet.
 */
export const METERING_STATUSES = ['AWAITING_SCHEME', 'OPEN', 'METER_ASSIGNED', 'METER_INSTALLED', 'ENERGIZED', 'ARCHIVED'] as const;
export type MeteringStatus = (typeof METERING_STATUSES)[number];

/** The acts that move a metering case: the scheme confirmation (an event) and one per mutation. */
export const METERING_ACTIONS = ['open', 'assignMeter', 'installMeter', 'energize', 'archive'] as const;
export type MeteringAction = (typeof METERING_ACTIONS)[number];

/**
 * Meter work may start once the scheme is confirmed, in parallel with construction.
 * `energize` is allowed by the state machine from every open state before
 * energization; the energization gate (policy data, which requires the installed
 * meter in every variant) decides whether it may happen now, and refuses with
 * GATE_CLOSED naming what is missing.
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
};

export const meteringStateMachine = new StateMachine<MeteringStatus, MeteringAction>(METERING_TRANSITIONS);
