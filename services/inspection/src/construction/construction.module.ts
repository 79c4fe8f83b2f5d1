import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { ConstructionResolver } from './construction.resolver';
import { ConstructionService } from './construction.service';

@Module({
  imports: [InspectionCaseModule],
  providers: [ConstructionService, ConstructionResolver],
})
export class ConstructionModule {}
