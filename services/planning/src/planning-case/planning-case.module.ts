import { Module } from '@nestjs/common';
import { ApplicationAcceptedConsumer } from './application-accepted.consumer';
import { CaseResolver } from './case.resolver';
import { PlanningCaseService } from './planning-case.service';

@Module({
  controllers: [ApplicationAcceptedConsumer],
  providers: [PlanningCaseService, CaseResolver],
  exports: [PlanningCaseService],
})
export class PlanningCaseModule {}
