import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { ConstructionStartBackfill } from './construction-start.backfill';
import { ConstructionResolver } from './construction.resolver';
import { ConstructionService } from './construction.service';

@Module({
  imports: [InspectionCaseModule],
  providers: [ConstructionService, ConstructionResolver, ConstructionStartBackfill],
})
export class ConstructionModule {}
