import { Args, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@yekuo/platform';
import { ReportFile, ReportFormatEnum, TimeLimitReport, type ReportFormat } from './time-limit-report.model';
import { REPORT_ROLES, TimeLimitReportService } from './time-limit-report.service';

@Resolver(() => TimeLimitReport)
export class TimeLimitReportResolver {
  constructor(private readonly reports: TimeLimitReportService) {}

  @Roles(...REPORT_ROLES)
  @Query(() => TimeLimitReport, {
    description:
      "Supervisors, auditors: the regulator's report of one month (China Standard Time) and jurisdiction, per customer category: " +
      'cases accepted and energized, on-time rate end to end and per link, average utility and customer working days, breaches',
  })
  timeLimitReport(
    @Args('month', { type: () => String, description: 'The month, YYYY-MM' }) month: string,
    @Args('jurisdiction', { type: () => String, description: 'A jurisdiction id of the time-limit policy (national, shanghai, …)' })
    jurisdiction: string,
  ) {
    return this.reports.report(month, jurisdiction);
  }

  @Roles(...REPORT_ROLES)
  @Query(() => ReportFile, {
    description:
      "Supervisors, auditors: the regulator's report (timeLimitReport) as a file to download, xlsx or csv " +
      '(the same file as GET /reports/time-limits)',
  })
  timeLimitReportFile(
    @Args('month', { type: () => String, description: 'The month, YYYY-MM' }) month: string,
    @Args('jurisdiction', { type: () => String, description: 'A jurisdiction id of the time-limit policy' }) jurisdiction: string,
    @Args('format', { type: () => ReportFormatEnum, description: 'CSV or XLSX' }) format: ReportFormat,
  ) {
    return this.reports.file(month, jurisdiction, format);
  }
}
