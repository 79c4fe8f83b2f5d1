import type { WorkingCalendar } from '@yekuo/timelimits';

/**
 * The service channel's policy (paper §4.2): what a customer may raise on a case, how soon the
 * owning team must answer, and how soon the matter must be resolved.
 *
 * Response limits are elapsed hours from opening, day and night, because a customer waiting on
 * an answer waits over weekends too. Resolution limits are working days on the working calendar
 * the stage clocks count on, because the figures they follow (State Grid's commitments) are
 * written in working days. An open ticket past either limit is escalated to a supervisor, once
 * per limit.
 *
 * Each ticket keeps the policy version in force when it was opened: a new figure is a new
 * version, never a change to one tickets were opened under.
 */
export const TICKET_KINDS = ['INQUIRY', 'COMPLAINT', 'URGE', 'CORRECTION_REQUEST'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export interface TicketKindPolicy {
  kind: TicketKind;
  /** What the kind is for, in words front ends can show. */
  description: string;
  /** Hours from opening within which the team must respond. */
  responseLimitHours: number;
  /** Where the response limit comes from. */
  responseBasis: string;
  /** Working days from opening within which the ticket must be resolved; null under a version without resolution limits. */
  resolutionLimitWorkingDays: number | null;
  /** Where the resolution limit comes from (null with the limit). */
  resolutionBasis: string | null;
}

/** The versions, oldest first: "2026-01" had response limits only; "2026-12" adds resolution limits. */
export const TICKET_POLICY_VERSIONS = ['2026-01', '2026-12'] as const;
export type TicketPolicyVersion = (typeof TICKET_POLICY_VERSIONS)[number];

/** The version new tickets are opened under. */
export const TICKET_POLICY_VERSION: TicketPolicyVersion = '2026-12';

const OWN_TARGET = "Yekuo's own service target (no public figure found for this kind)";
const STATE_GRID_COMMITMENTS =
  'State Grid 供电服务"十项承诺" (2011 revision), item 10 (mip.51dongshi.com/dadarce/rvaecrrs): after accepting a complaint, contact the customer within 1 working day and reply with the handling opinion within 7 working days';

const RESPONSE_LIMITS_2026_01: Record<TicketKind, Omit<TicketKindPolicy, 'resolutionLimitWorkingDays' | 'resolutionBasis'>> = {
  INQUIRY: {
    kind: 'INQUIRY',
    description: 'A question about the case or the process (咨询)',
    responseLimitHours: 24,
    responseBasis: OWN_TARGET,
  },
  COMPLAINT: {
    kind: 'COMPLAINT',
    description: 'A complaint about how the case is handled (投诉)',
    responseLimitHours: 24,
    // 24 elapsed hours always ends before one working day counted from the next working day does.
    responseBasis: `Yekuo's own service target, stricter than the commitment to contact within 1 working day (${STATE_GRID_COMMITMENTS})`,
  },
  URGE: {
    kind: 'URGE',
    description: 'A request to hurry a step that is taking too long (催办)',
    responseLimitHours: 4,
    responseBasis: OWN_TARGET,
  },
  CORRECTION_REQUEST: {
    kind: 'CORRECTION_REQUEST',
    description: 'A request to correct recorded information of the case (更正)',
    responseLimitHours: 48,
    responseBasis: OWN_TARGET,
  },
};

const withoutResolutionLimit = (kind: TicketKind): TicketKindPolicy => ({
  ...RESPONSE_LIMITS_2026_01[kind],
  resolutionLimitWorkingDays: null,
  resolutionBasis: null,
});

export const TICKET_POLICIES: Readonly<Record<TicketPolicyVersion, Readonly<Record<TicketKind, TicketKindPolicy>>>> = {
  '2026-01': {
    INQUIRY: withoutResolutionLimit('INQUIRY'),
    COMPLAINT: withoutResolutionLimit('COMPLAINT'),
    URGE: withoutResolutionLimit('URGE'),
    CORRECTION_REQUEST: withoutResolutionLimit('CORRECTION_REQUEST'),
  },
  '2026-12': {
    INQUIRY: { ...RESPONSE_LIMITS_2026_01.INQUIRY, resolutionLimitWorkingDays: 2, resolutionBasis: OWN_TARGET },
    COMPLAINT: {
      ...RESPONSE_LIMITS_2026_01.COMPLAINT,
      resolutionLimitWorkingDays: 7,
      resolutionBasis: `${STATE_GRID_COMMITMENTS}. A regulation text whose title is not known (78911.com.cn/GuiZhangZhiDu/591316-6.html) gives 5 working days; it is not adopted until its source is confirmed`,
    },
    URGE: { ...RESPONSE_LIMITS_2026_01.URGE, resolutionLimitWorkingDays: 2, resolutionBasis: OWN_TARGET },
    CORRECTION_REQUEST: {
      ...RESPONSE_LIMITS_2026_01.CORRECTION_REQUEST,
      resolutionLimitWorkingDays: 5,
      resolutionBasis:
        "Yekuo's own service target, in line with State Grid's 5 working days to verify and answer a customer's report of abnormal meter data (供电服务\"十项承诺\", item 7 of the current revision, as published on yantai.gov.cn in 2023)",
    },
  },
};

/** The policy of every kind under the version in force now. */
export const TICKET_KIND_POLICY = TICKET_POLICIES[TICKET_POLICY_VERSION];

export function isTicketPolicyVersion(version: string): version is TicketPolicyVersion {
  return (TICKET_POLICY_VERSIONS as readonly string[]).includes(version);
}

/** The policy of `kind` under `version`; an unknown version is a programming error, not a customer's. */
export function ticketKindPolicy(kind: TicketKind, version: string = TICKET_POLICY_VERSION): TicketKindPolicy {
  if (!isTicketPolicyVersion(version)) throw new Error(`Unknown ticket policy version "${version}"`);
  return TICKET_POLICIES[version][kind];
}

/** When the response to a ticket of `kind` opened at `openedAt` is due. */
export function responseDueAt(kind: TicketKind, openedAt: Date, version: string = TICKET_POLICY_VERSION): Date {
  return new Date(openedAt.getTime() + ticketKindPolicy(kind, version).responseLimitHours * 3600_000);
}

/**
 * When a ticket of `kind` opened at `openedAt` must be resolved: its working days counted as the
 * stage clocks count them (from 00:00 of the day after opening, working days only), or null under
 * a version without resolution limits. Beyond the dates the calendar data covers, weekends alone
 * decide.
 */
export function resolutionDueAt(
  kind: TicketKind,
  openedAt: Date,
  calendar: WorkingCalendar,
  version: string = TICKET_POLICY_VERSION,
): Date | null {
  const workingDays = ticketKindPolicy(kind, version).resolutionLimitWorkingDays;
  return workingDays === null ? null : calendar.deadline(openedAt, workingDays).deadline;
}
