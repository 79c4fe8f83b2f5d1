import { Module } from '@nestjs/common';
import { SchemeClockModule } from '../scheme-clock/scheme-clock.module';
import { ApplicationAcceptedConsumer } from './application-accepted.consumer';
import { CaseResolver } from './case.resolver';
import { PlanningCaseService } from './planning-case.service';

@Module({
  imports: [SchemeClockModule],
  controllers: [ApplicationAcceptedConsumer],
  providers: [PlanningCaseService, CaseResolver],
  exports: [PlanningCaseService, SchemeClockModule],
})
export class PlanningCaseModule {}
