import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { TimeLimitsModule } from '../time-limits/time-limits.module';
import { DesignResolver } from './design.resolver';
import { DesignService } from './design.service';

@Module({
  imports: [InspectionCaseModule, TimeLimitsModule],
  providers: [DesignService, DesignResolver],
})
export class DesignModule {}
