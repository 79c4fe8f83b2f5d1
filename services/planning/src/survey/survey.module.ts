import { Module } from '@nestjs/common';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { SurveyResolver } from './survey.resolver';
import { SurveyService } from './survey.service';

@Module({
  imports: [PlanningCaseModule],
  providers: [SurveyService, SurveyResolver],
})
export class SurveyModule {}
