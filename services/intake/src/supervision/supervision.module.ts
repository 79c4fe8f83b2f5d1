import { Module } from '@nestjs/common';
import { SupervisionResolver } from './supervision.resolver';
import { SupervisionService } from './supervision.service';
import { TimeLimitReportController } from './time-limit-report.controller';
import { TimeLimitReportResolver } from './time-limit-report.resolver';
import { TimeLimitReportService } from './time-limit-report.service';
import { TimeLimitConsumer } from './time-limit.consumer';

@Module({
  controllers: [TimeLimitConsumer, TimeLimitReportController],
  providers: [SupervisionService, SupervisionResolver, TimeLimitReportService, TimeLimitReportResolver],
})
export class SupervisionModule {}
