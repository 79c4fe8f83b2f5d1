import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ClockStageEnum, CustomerCategoryEnum, enumFromValues } from '@yekuo/platform';

export const REPORT_FORMATS = ['CSV', 'XLSX'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const ReportFormatEnum = enumFromValues(REPORT_FORMATS, 'ReportFormat', 'File format of a report download', {
  valueDescriptions: {
    CSV: 'Comma-separated values, UTF-8 with a byte-order mark, a header row',
    XLSX: 'An Excel workbook, one sheet',
  },
});

@ObjectType({ description: 'On-time rate of one link (step stage) of a category, from the step clocks stopped in the month' })
export class TimeLimitLinkRate {
  @Field(() => ClockStageEnum, { description: 'The step stage' })
  stage: string;

  @Field(() => Int, { description: 'Step clocks of this stage stopped in the month' })
  stopped: number;

  @Field(() => Int, { description: 'Of those, finished within the regulatory limit' })
  onTime: number;

  @Field(() => Float, { nullable: true, description: 'onTime / stopped, from 0 to 1; null when none stopped' })
  rate: number | null;
}

@ObjectType({ description: 'A clock whose regulatory limit was crossed in the month' })
export class TimeLimitBreach {
  @Field({ description: 'Case number' })
  caseNumber: string;

  @Field(() => ClockStageEnum, { description: 'The stage measured (END_TO_END for the whole case)' })
  stage: string;

  @Field(() => Int, { nullable: true, description: 'Round of a per-round stage (design review)' })
  round: number | null;

  @Field({ description: 'The regulatory deadline' })
  deadline: Date;

  @Field({ description: 'When the breach was announced, or the deadline of a clock that stopped late without one' })
  breachedAt: Date;
}

@ObjectType({ description: "One customer category's row of the regulator's report" })
export class TimeLimitReportRow {
  @Field(() => CustomerCategoryEnum, { description: 'Customer category' })
  category: string;

  @Field(() => Int, { description: 'Cases accepted in the month' })
  accepted: number;

  @Field(() => Int, { description: 'Cases energized (powered on) in the month' })
  energized: number;

  @Field(() => Int, { description: 'Of the cases energized in the month, those whose end-to-end clock had a limit and stopped' })
  endToEndMeasured: number;

  @Field(() => Int, { description: 'Of those, energized within the whole-process limit' })
  endToEndOnTime: number;

  @Field(() => Float, {
    nullable: true,
    description: 'endToEndOnTime / endToEndMeasured, from 0 to 1; null when no case of the category was measured',
  })
  endToEndOnTimeRate: number | null;

  @Field(() => [TimeLimitLinkRate], { description: 'On-time rate per link, for the stages with a clock stopped in the month' })
  links: TimeLimitLinkRate[];

  @Field(() => Float, {
    nullable: true,
    description: 'Average utility time end to end of the measured cases, in working days (two decimals); null without any',
  })
  averageUtilityWorkingDays: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Average customer time end to end (the clock paused) of the measured cases, in working days; null without any',
  })
  averageCustomerWorkingDays: number | null;

  @Field(() => [TimeLimitBreach], { description: 'Clocks of the category breached in the month, earliest first' })
  breaches: TimeLimitBreach[];
}

@ObjectType({ description: "The regulator's report of time limits for one month and jurisdiction" })
export class TimeLimitReport {
  @Field({ description: 'The month, YYYY-MM' })
  month: string;

  @Field({ description: 'The jurisdiction id (national for regions without an overlay)' })
  jurisdiction: string;

  @Field({ description: 'Start of the month, 00:00 China Standard Time' })
  from: Date;

  @Field({ description: 'Start of the next month, 00:00 China Standard Time (exclusive)' })
  to: Date;

  @Field(() => [TimeLimitReportRow], { description: 'One row per customer category' })
  categories: TimeLimitReportRow[];
}

@ObjectType({ description: 'A report as a file to download' })
export class ReportFile {
  @Field({ description: 'File name' })
  fileName: string;

  @Field({ description: 'Content type' })
  contentType: string;

  @Field({ description: 'The file, base64-encoded' })
  base64: string;
}
