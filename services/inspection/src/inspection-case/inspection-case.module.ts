import { Module } from '@nestjs/common';
import { CASE_COPY_STORE, CaseFactsConsumer } from '@yekuo/platform';
import { CaseResolver } from './case.resolver';
import { InspectionCaseService } from './inspection-case.service';
import { PlanningEventsConsumer } from './planning-events.consumer';

@Module({
  controllers: [PlanningEventsConsumer, CaseFactsConsumer],
  providers: [InspectionCaseService, CaseResolver, { provide: CASE_COPY_STORE, useExisting: InspectionCaseService }],
  exports: [InspectionCaseService],
})
export class InspectionCaseModule {}
