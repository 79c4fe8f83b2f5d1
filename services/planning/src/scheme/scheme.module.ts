import { Module } from '@nestjs/common';
import { ExternalWorksModule } from '../external-works/external-works.module';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { SchemeResolver, SupplySchemeResolver } from './scheme.resolver';
import { SchemeService } from './scheme.service';

@Module({
  imports: [PlanningCaseModule, ExternalWorksModule],
  providers: [SchemeService, SchemeResolver, SupplySchemeResolver],
  exports: [SchemeService],
})
export class SchemeModule {}
