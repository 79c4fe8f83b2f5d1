import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { TimeLimitsModule } from '../time-limits/time-limits.module';
import { AcceptanceResolver, CompletionAcceptanceFieldsResolver, CompletionAcceptanceRoundFieldsResolver } from './acceptance.resolver';
import { AcceptanceService } from './acceptance.service';

@Module({
  imports: [InspectionCaseModule, TimeLimitsModule],
  providers: [AcceptanceService, AcceptanceResolver, CompletionAcceptanceFieldsResolver, CompletionAcceptanceRoundFieldsResolver],
})
export class AcceptanceModule {}
