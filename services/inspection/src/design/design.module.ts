import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { TimeLimitsModule } from '../time-limits/time-limits.module';
import { DesignResolver, DesignReviewFieldsResolver, DesignReviewRoundFieldsResolver } from './design.resolver';
import { DesignService } from './design.service';

@Module({
  imports: [InspectionCaseModule, TimeLimitsModule],
  providers: [DesignService, DesignResolver, DesignReviewFieldsResolver, DesignReviewRoundFieldsResolver],
})
export class DesignModule {}
