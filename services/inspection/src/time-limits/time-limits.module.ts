import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { CustomerDelayService } from './customer-delay.service';
import { InspectionClocks } from './inspection-clocks';
import { TimeLimitsResolver } from './time-limits.resolver';

@Module({
  imports: [InspectionCaseModule],
  providers: [InspectionClocks, CustomerDelayService, TimeLimitsResolver],
  exports: [InspectionClocks],
})
export class TimeLimitsModule {}
