import { loadWorkingCalendar } from '@yekuo/timelimits';
import {
  resolutionDueAt,
  responseDueAt,
  TICKET_KINDS,
  TICKET_POLICIES,
  TICKET_POLICY_VERSION,
  TICKET_POLICY_VERSIONS,
  ticketKindPolicy,
} from './ticket-kinds';

const HOUR = 3600_000;

describe('ticket policy versions', () => {
  it('keeps "2026-01" as tickets were opened under it: response hours only, no resolution limit', () => {
    const hours = Object.fromEntries(TICKET_KINDS.map((kind) => [kind, TICKET_POLICIES['2026-01'][kind].responseLimitHours]));
    expect(hours).toEqual({ INQUIRY: 24, COMPLAINT: 24, URGE: 4, CORRECTION_REQUEST: 48 });
    for (const kind of TICKET_KINDS) expect(TICKET_POLICIES['2026-01'][kind].resolutionLimitWorkingDays).toBeNull();
  });

  it('opens new tickets under the latest version, which gives every kind a resolution limit with its basis', () => {
    expect(TICKET_POLICY_VERSION).toBe(TICKET_POLICY_VERSIONS[TICKET_POLICY_VERSIONS.length - 1]);
    const days = Object.fromEntries(TICKET_KINDS.map((kind) => [kind, ticketKindPolicy(kind).resolutionLimitWorkingDays]));
    expect(days).toEqual({ INQUIRY: 2, COMPLAINT: 7, URGE: 2, CORRECTION_REQUEST: 5 });
    for (const kind of TICKET_KINDS) {
      expect(ticketKindPolicy(kind).responseBasis.length).toBeGreaterThan(0);
      expect(ticketKindPolicy(kind).resolutionBasis?.length).toBeGreaterThan(0);
    }
    expect(ticketKindPolicy('COMPLAINT').resolutionBasis).toContain('7 working days');
    for (const kind of ['INQUIRY', 'URGE'] as const) expect(ticketKindPolicy(kind).resolutionBasis).toContain("Yekuo's own service target");
  });

  it('refuses a version it does not know', () => {
    expect(() => ticketKindPolicy('COMPLAINT', '2019-01')).toThrow('Unknown ticket policy version "2019-01"');
  });
});

describe('ticket resolution due time (working days on the working calendar)', () => {
  const calendar = loadWorkingCalendar();
  const due = (kind: (typeof TICKET_KINDS)[number], openedAt: string, version?: string) =>
    resolutionDueAt(kind, new Date(openedAt), calendar, version)?.toISOString() ?? null;

  it('skips a weekend: an inquiry opened on a Friday is due at the close of Tuesday', () => {
    // Friday 2026-03-06 10:00 in Shanghai; counting starts Saturday, Monday and Tuesday count.
    expect(due('INQUIRY', '2026-03-06T02:00:00Z')).toBe('2026-03-10T16:00:00.000Z');
    // Saturday 00:30 in Shanghai (still Friday in UTC): counting starts Sunday, the same two days count.
    expect(due('INQUIRY', '2026-03-06T16:30:00Z')).toBe('2026-03-10T16:00:00.000Z');
  });

  it('skips the Spring Festival and counts its make-up Saturdays: a complaint of 2026-02-13 is due at the close of 2026-03-02', () => {
    // 02-14 (make-up Saturday), 02-24 to 02-27, 02-28 (make-up Saturday), 03-02: seven working days.
    expect(due('COMPLAINT', '2026-02-13T02:00:00Z')).toBe('2026-03-02T16:00:00.000Z');
  });

  it('skips the National Day holiday: an urge of 2026-09-30 is due at the close of 10-09, a correction request at the close of 10-13', () => {
    expect(due('URGE', '2026-09-30T02:00:00Z')).toBe('2026-10-09T16:00:00.000Z');
    // 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
    expect(due('CORRECTION_REQUEST', '2026-09-30T02:00:00Z')).toBe('2026-10-13T16:00:00.000Z');
  });

  it('has no resolution due time under "2026-01"', () => {
    for (const kind of TICKET_KINDS) expect(due(kind, '2026-03-06T02:00:00Z', '2026-01')).toBeNull();
  });

  it('answers a complaint within the State Grid commitment to contact within 1 working day, whenever it is opened in 2026', () => {
    for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += HOUR) {
      const openedAt = new Date(at);
      expect(responseDueAt('COMPLAINT', openedAt).getTime()).toBeLessThanOrEqual(calendar.deadline(openedAt, 1).deadline.getTime());
    }
  });

  it('never makes a resolution due before the response', () => {
    for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += 6 * HOUR) {
      const openedAt = new Date(at);
      for (const kind of TICKET_KINDS) {
        expect(resolutionDueAt(kind, openedAt, calendar)?.getTime()).toBeGreaterThan(responseDueAt(kind, openedAt).getTime());
      }
    }
  });
});
