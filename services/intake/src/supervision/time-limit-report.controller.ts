import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { Roles, ValidationFailedError } from '@yekuo/platform';
import type { Response } from 'express';
import { ReportHttpErrorFilter } from './report-http-error.filter';
import type { ReportFormat } from './time-limit-report.model';
import { REPORT_ROLES, TimeLimitReportService } from './time-limit-report.service';

/** `format=` of a download: the graph's ReportFormat, in lower case. */
const FORMATS = new Map<string, ReportFormat>([
  ['xlsx', 'XLSX'],
  ['csv', 'CSV'],
]);

/** `filename="…"` for a name of plain characters (a jurisdiction id and a month), else its UTF-8 form. */
const attachment = (fileName: string): string =>
  /^[\w.-]+$/.test(fileName) ? `attachment; filename="${fileName}"` : `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** A query parameter given once; anything else (absent, repeated) counts as empty, so it is refused as faulty. */
const single = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * `GET /reports/time-limits?month=YYYY-MM&jurisdiction=<id>&format=xlsx|csv`: the regulator's report
 * as a file, the very bytes `timeLimitReportFile` encodes, to supervisors and auditors (bearer token
 * as for GraphQL). Faulty parameters are answered 400 VALIDATION_FAILED naming every one at fault.
 */
@Controller('reports')
@UseFilters(ReportHttpErrorFilter)
export class TimeLimitReportController {
  constructor(private readonly reports: TimeLimitReportService) {}

  @Roles(...REPORT_ROLES)
  @Get('time-limits')
  async timeLimits(@Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const month = single(query.month);
    const jurisdiction = single(query.jurisdiction);
    const format = FORMATS.get(single(query.format));
    const problems = this.reports.problemsOf(month, jurisdiction);
    if (!format) problems.push({ field: 'format', message: 'must be xlsx or csv' });
    if (problems.length || !format) throw new ValidationFailedError(problems);
    const file = await this.reports.download(month, jurisdiction, format);
    response
      .status(200)
      .setHeader('content-type', file.contentType)
      .setHeader('content-length', String(file.content.length))
      .setHeader('content-disposition', attachment(file.fileName))
      .setHeader('x-content-type-options', 'nosniff')
      .setHeader('cache-control', 'no-store')
      .end(file.content);
  }
}
