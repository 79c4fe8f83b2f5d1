import { Module } from '@nestjs/common';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { SchemeResolver } from './scheme.resolver';
import { SchemeService } from './scheme.service';

@Module({
  imports: [PlanningCaseModule],
  providers: [SchemeService, SchemeResolver],
})
export class SchemeModule {}
