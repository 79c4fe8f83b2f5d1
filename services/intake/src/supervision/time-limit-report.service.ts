import { Injectable } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '@yekuo/platform';
import { TimeLimitPolicy } from '@yekuo/timelimits';
import { DataSource } from 'typeorm';
import {
  buildReport,
  monthRange,
  ReportBreach,
  ReportCase,
  ReportEndToEnd,
  reportCsv,
  reportFileName,
  ReportLinkCount,
  TimeLimitReportData,
} from './time-limit-report';
import { ReportFile, ReportFormat } from './time-limit-report.model';
import { reportXlsx, XLSX_CONTENT_TYPE } from './time-limit-report.xlsx';

/** The regulator's report answers supervisors and auditors only, as a graph field and as a download. */
export const REPORT_ROLES = ['supervisor', 'auditor'] as const;

export interface ReportDownload {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/**
 * The regulator's report (docs/DOMAIN.md, "The regulator's report"), read from intake's own tables:
 * its cases (acceptance, power-on, region) and the clock projection. Four queries whatever the
 * number of cases; the jurisdiction of a case is that of its region code.
 */
@Injectable()
export class TimeLimitReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: TimeLimitPolicy,
  ) {}

  /** What is wrong with a month and jurisdiction asked for, one entry per field at fault. */
  problemsOf(month: string, jurisdiction: string): FieldError[] {
    const problems: FieldError[] = [];
    if (!monthRange(month)) problems.push({ field: 'month', message: 'must be a month, YYYY-MM' });
    if (!this.policy.jurisdictionIds.includes(jurisdiction)) {
      problems.push({ field: 'jurisdiction', message: `must be one of ${this.policy.jurisdictionIds.join(', ')}` });
    }
    return problems;
  }

  async report(month: string, jurisdiction: string): Promise<TimeLimitReportData> {
    const range = monthRange(month);
    const problems = this.problemsOf(month, jurisdiction);
    if (problems.length || !range) throw new ValidationFailedError(problems);
    const inJurisdiction = (regionCode: string) => this.policy.jurisdictionOf(regionCode) === jurisdiction;
    const { manager } = this.dataSource;
    const cases = await manager.query<ReportCase[]>(
      `SELECT id AS "caseId", category, region_code AS "regionCode", accepted_at AS "acceptedAt", energized_at AS "energizedAt"
       FROM connection_case
       WHERE (accepted_at >= $1 AND accepted_at < $2) OR (energized_at >= $1 AND energized_at < $2)`,
      [range.from, range.to],
    );
    const energized = cases
      .filter((c) => c.energizedAt && c.energizedAt >= range.from && c.energizedAt < range.to && inJurisdiction(c.regionCode))
      .map((c) => c.caseId);
    const endToEnd = energized.length
      ? await manager.query<ReportEndToEnd[]>(
          `SELECT case_id AS "caseId", on_time AS "onTime", utility_seconds AS "utilitySeconds", customer_seconds AS "customerSeconds"
           FROM supervised_clock WHERE stage = 'END_TO_END' AND stopped_at IS NOT NULL AND case_id = ANY($1::uuid[])`,
          [energized],
        )
      : [];
    const links = await manager.query<ReportLinkCount[]>(
      `SELECT w.region_code AS "regionCode", w.category, s.stage, COUNT(*)::int AS stopped, COUNT(*) FILTER (WHERE s.on_time)::int AS "onTime"
       FROM supervised_clock s JOIN connection_case w ON w.id = s.case_id
       WHERE s.stage <> 'END_TO_END' AND s.stopped_at >= $1 AND s.stopped_at < $2
       GROUP BY 1, 2, 3`,
      [range.from, range.to],
    );
    // A clock that stopped late without a breach announced crossed its limit at the deadline.
    const breaches = await manager.query<ReportBreach[]>(
      `SELECT * FROM (
         SELECT s.case_number AS "caseNumber", w.region_code AS "regionCode", w.category, s.stage, s.round, s.deadline,
                COALESCE(s.breached_at, CASE WHEN s.on_time = false THEN s.deadline END) AS "breachedAt"
         FROM supervised_clock s JOIN connection_case w ON w.id = s.case_id
       ) b WHERE b."breachedAt" >= $1 AND b."breachedAt" < $2`,
      [range.from, range.to],
    );
    return buildReport(month, jurisdiction, range, { cases, endToEnd, links, breaches }, inJurisdiction);
  }

  /** The report as a file: the bytes the GraphQL field encodes and `GET /reports/time-limits` sends. */
  async download(month: string, jurisdiction: string, format: ReportFormat): Promise<ReportDownload> {
    const report = await this.report(month, jurisdiction);
    const [content, contentType, extension] =
      format === 'XLSX'
        ? [await reportXlsx(report), XLSX_CONTENT_TYPE, 'xlsx' as const]
        : [reportCsv(report), 'text/csv; charset=utf-8', 'csv' as const];
    return { fileName: reportFileName(report, extension), contentType, content };
  }

  async file(month: string, jurisdiction: string, format: ReportFormat): Promise<ReportFile> {
    const { fileName, contentType, content } = await this.download(month, jurisdiction, format);
    return { fileName, contentType, base64: content.toString('base64') };
  }
}
