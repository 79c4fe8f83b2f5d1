import { Module } from '@nestjs/common';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { CaseConstructionUnitResolver, ConstructionUnitResolver } from './construction-unit.resolver';
import { ConstructionUnitService } from './construction-unit.service';

@Module({
  imports: [PlanningCaseModule],
  providers: [ConstructionUnitService, ConstructionUnitResolver, CaseConstructionUnitResolver],
  exports: [ConstructionUnitService],
})
export class ConstructionUnitModule {}
