import { Module } from '@nestjs/common';
import { CASE_COPY_STORE, CaseFactsConsumer } from '@yekuo/platform';
import { SchemeClockModule } from '../scheme-clock/scheme-clock.module';
import { ApplicationAcceptedConsumer } from './application-accepted.consumer';
import { CaseResolver } from './case.resolver';
import { PlanningCaseService } from './planning-case.service';

@Module({
  imports: [SchemeClockModule],
  controllers: [ApplicationAcceptedConsumer, CaseFactsConsumer],
  providers: [PlanningCaseService, CaseResolver, { provide: CASE_COPY_STORE, useExisting: PlanningCaseService }],
  exports: [PlanningCaseService, SchemeClockModule],
})
export class PlanningCaseModule {}
