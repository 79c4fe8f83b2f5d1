import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { TimeLimitsModule } from '../time-limits/time-limits.module';
import { IntermediateInspectionFieldsResolver, IntermediateResolver } from './intermediate.resolver';
import { IntermediateService } from './intermediate.service';

@Module({
  imports: [InspectionCaseModule, TimeLimitsModule],
  providers: [IntermediateService, IntermediateResolver, IntermediateInspectionFieldsResolver],
})
export class IntermediateModule {}
