import { Module } from '@nestjs/common';
import { CaseResolver } from './case.resolver';
import { InspectionCaseService } from './inspection-case.service';
import { PlanningEventsConsumer } from './planning-events.consumer';

@Module({
  controllers: [PlanningEventsConsumer],
  providers: [InspectionCaseService, CaseResolver],
  exports: [InspectionCaseService],
})
export class InspectionCaseModule {}
