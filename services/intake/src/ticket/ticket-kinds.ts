/**
 * The service channel's policy (paper §4.2): what a customer may raise on a case and how soon
 * the owning team must answer. Limits are elapsed hours from opening, day and night, because a
 * customer waiting on an answer waits over weekends too; an open ticket past its limit is
 * escalated to a supervisor.
 */
export const TICKET_KINDS = ['INQUIRY', 'COMPLAINT', 'URGE', 'CORRECTION_REQUEST'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export interface TicketKindPolicy {
  kind: TicketKind;
  /** What the kind is for, in words front ends can show. */
  description: string;
  /** Hours from opening within which the team must respond. */
  responseLimitHours: number;
}

export const TICKET_POLICY_VERSION = '2026-01';

export const TICKET_KIND_POLICY: Record<TicketKind, TicketKindPolicy> = {
  INQUIRY: { kind: 'INQUIRY', description: 'A question about the case or the process (咨询)', responseLimitHours: 24 },
  COMPLAINT: { kind: 'COMPLAINT', description: 'A complaint about how the case is handled (投诉)', responseLimitHours: 24 },
  URGE: { kind: 'URGE', description: 'A request to hurry a step that is taking too long (催办)', responseLimitHours: 4 },
  CORRECTION_REQUEST: {
    kind: 'CORRECTION_REQUEST',
    description: 'A request to correct recorded information of the case (更正)',
    responseLimitHours: 48,
  },
};

/** When the response to a ticket of `kind` opened at `openedAt` is due. */
export function responseDueAt(kind: TicketKind, openedAt: Date): Date {
  return new Date(openedAt.getTime() + TICKET_KIND_POLICY[kind].responseLimitHours * 3600_000);
}
