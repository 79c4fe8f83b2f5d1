import { Module } from '@nestjs/common';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { SchemeResolver, SupplySchemeResolver } from './scheme.resolver';
import { SchemeService } from './scheme.service';

@Module({
  imports: [PlanningCaseModule],
  providers: [SchemeService, SchemeResolver, SupplySchemeResolver],
  exports: [SchemeService],
})
export class SchemeModule {}
