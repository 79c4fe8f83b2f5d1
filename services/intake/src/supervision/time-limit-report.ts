import { CUSTOMER_CATEGORIES, CustomerCategory, STAGES } from '@yekuo/events';

/** A report month, `YYYY-MM`. */
export const REPORT_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The stages of the links (every stage clock but the whole case's). */
export const LINK_STAGES = STAGES.filter((stage) => stage !== 'END_TO_END');

const CHINA_STANDARD_TIME = '+08:00';
const WORKING_DAY_SECONDS = 86_400;

/** The instants a month spans in China Standard Time: [from, to). Undefined for a text that is not `YYYY-MM`. */
export function monthRange(month: string): { from: Date; to: Date } | undefined {
  const match = REPORT_MONTH.exec(month);
  if (!match) return undefined;
  const year = Number(match[1]);
  const index = Number(match[2]);
  const next = index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, '0')}`;
  return { from: new Date(`${month}-01T00:00:00${CHINA_STANDARD_TIME}`), to: new Date(`${next}-01T00:00:00${CHINA_STANDARD_TIME}`) };
}

/** part / whole, or null when nothing was measured (a rate of no case is unknown, not 0). */
export const rateOf = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The average of whole seconds in working days, to two decimals; null without any value. */
export function averageWorkingDays(seconds: readonly number[]): number | null {
  if (seconds.length === 0) return null;
  const mean = seconds.reduce((sum, value) => sum + value, 0) / seconds.length;
  return Math.round((mean / WORKING_DAY_SECONDS) * 100) / 100;
}

/** One case the report reads: accepted or energized in the month. */
export interface ReportCase {
  caseId: string;
  category: CustomerCategory;
  regionCode: string;
  acceptedAt: Date | null;
  energizedAt: Date | null;
}

/** A stopped END_TO_END clock (a clock with a limit: the projection keeps no other). */
export interface ReportEndToEnd {
  caseId: string;
  onTime: boolean | null;
  utilitySeconds: number | null;
  customerSeconds: number | null;
}

/** Step clocks stopped in the month, counted per region, category and stage. */
export interface ReportLinkCount {
  regionCode: string;
  category: CustomerCategory;
  stage: string;
  stopped: number;
  onTime: number;
}

/** A clock whose regulatory limit was crossed in the month. */
export interface ReportBreach {
  caseNumber: string;
  regionCode: string;
  category: CustomerCategory;
  stage: string;
  round: number | null;
  deadline: Date;
  breachedAt: Date;
}

export interface LinkRate {
  stage: string;
  stopped: number;
  onTime: number;
  rate: number | null;
}

export interface TimeLimitReportRowData {
  category: CustomerCategory;
  accepted: number;
  energized: number;
  endToEndMeasured: number;
  endToEndOnTime: number;
  endToEndOnTimeRate: number | null;
  links: LinkRate[];
  averageUtilityWorkingDays: number | null;
  averageCustomerWorkingDays: number | null;
  breaches: Omit<ReportBreach, 'regionCode' | 'category'>[];
}

export interface TimeLimitReportData {
  month: string;
  jurisdiction: string;
  from: Date;
  to: Date;
  categories: TimeLimitReportRowData[];
}

export interface ReportFacts {
  cases: ReportCase[];
  endToEnd: ReportEndToEnd[];
  links: ReportLinkCount[];
  breaches: ReportBreach[];
}

const within = (at: Date | null, range: { from: Date; to: Date }) => at !== null && at >= range.from && at < range.to;

/**
 * The report of one month and jurisdiction from the facts read for the month (docs/DOMAIN.md,
 * "The regulator's report"): one row per category, every category listed; a jurisdiction is
 * chosen by `inJurisdiction(regionCode)`.
 */
export function buildReport(
  month: string,
  jurisdiction: string,
  range: { from: Date; to: Date },
  facts: ReportFacts,
  inJurisdiction: (regionCode: string) => boolean,
): TimeLimitReportData {
  const cases = facts.cases.filter((c) => inJurisdiction(c.regionCode));
  const endToEndOf = new Map(facts.endToEnd.map((clock) => [clock.caseId, clock]));
  const categories = CUSTOMER_CATEGORIES.map((category): TimeLimitReportRowData => {
    const mine = cases.filter((c) => c.category === category);
    const energized = mine.filter((c) => within(c.energizedAt, range));
    const measured = energized.map((c) => endToEndOf.get(c.caseId)).filter((clock) => clock !== undefined);
    const onTime = measured.filter((clock) => clock.onTime === true).length;
    const timed = measured.filter((clock) => clock.utilitySeconds !== null);
    const links = LINK_STAGES.flatMap((stage): LinkRate[] => {
      const counts = facts.links.filter((l) => l.category === category && l.stage === stage && inJurisdiction(l.regionCode));
      if (counts.length === 0) return [];
      const stopped = counts.reduce((sum, l) => sum + l.stopped, 0);
      const linkOnTime = counts.reduce((sum, l) => sum + l.onTime, 0);
      return [{ stage, stopped, onTime: linkOnTime, rate: rateOf(linkOnTime, stopped) }];
    });
    const breaches = facts.breaches
      .filter((b) => b.category === category && inJurisdiction(b.regionCode))
      .sort((a, b) => a.breachedAt.getTime() - b.breachedAt.getTime() || a.caseNumber.localeCompare(b.caseNumber))
      .map(({ caseNumber, stage, round, deadline, breachedAt }) => ({ caseNumber, stage, round, deadline, breachedAt }));
    return {
      category,
      accepted: mine.filter((c) => within(c.acceptedAt, range)).length,
      energized: energized.length,
      endToEndMeasured: measured.length,
      endToEndOnTime: onTime,
      endToEndOnTimeRate: rateOf(onTime, measured.length),
      links,
      averageUtilityWorkingDays: averageWorkingDays(timed.map((clock) => clock.utilitySeconds ?? 0)),
      averageCustomerWorkingDays: averageWorkingDays(timed.map((clock) => clock.customerSeconds ?? 0)),
      breaches,
    };
  });
  return { month, jurisdiction, from: range.from, to: range.to, categories };
}

/** The header row both downloads share: the fixed columns, one on-time rate per link stage, the breaches. */
export const REPORT_COLUMNS = [
  'Category',
  'Accepted',
  'Energized',
  'End-to-end measured',
  'End-to-end on time',
  'End-to-end on-time rate',
  'Average utility working days',
  'Average customer working days',
  ...LINK_STAGES.map((stage) => `On-time rate ${stage}`),
  'Breaches',
];

/** The cells of one category: a rate or average that is unknown is an empty cell; breaches as `case number (stage)`. */
export function reportCells(row: TimeLimitReportRowData): (string | number)[] {
  const blank = (value: number | null) => (value === null ? '' : value);
  return [
    row.category,
    row.accepted,
    row.energized,
    row.endToEndMeasured,
    row.endToEndOnTime,
    blank(row.endToEndOnTimeRate),
    blank(row.averageUtilityWorkingDays),
    blank(row.averageCustomerWorkingDays),
    ...LINK_STAGES.map((stage) => blank(row.links.find((link) => link.stage === stage)?.rate ?? null)),
    row.breaches.map((b) => `${b.caseNumber} (${b.stage})`).join(', '),
  ];
}

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read Chinese text), a header row, CRLF lines. */
export function reportCsv(report: TimeLimitReportData): Buffer {
  const lines = [REPORT_COLUMNS, ...report.categories.map(reportCells)].map((cells) => cells.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The file name of a download: `time-limits-<jurisdiction>-<month>.<ext>`. */
export const reportFileName = (report: Pick<TimeLimitReportData, 'month' | 'jurisdiction'>, extension: 'csv' | 'xlsx') =>
  `time-limits-${report.jurisdiction}-${report.month}.${extension}`;
