import { Module } from '@nestjs/common';
import { ConstructionUnitModule } from '../construction-unit/construction-unit.module';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { SchemeModule } from '../scheme/scheme.module';
import { SurveyFieldsResolver, SurveyResolver } from './survey.resolver';
import { SurveyService } from './survey.service';

@Module({
  imports: [PlanningCaseModule, ConstructionUnitModule, SchemeModule],
  providers: [SurveyService, SurveyResolver, SurveyFieldsResolver],
})
export class SurveyModule {}
