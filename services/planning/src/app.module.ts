import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig } from '@yekuo/shared';
import { planningService } from './planning.service-definition';
import { PlanningCaseModule } from './planning-case/planning-case.module';
import { SchemeModule } from './scheme/scheme.module';
import { SurveyModule } from './survey/survey.module';
import { ConstructionUnitModule } from './construction-unit/construction-unit.module';
import { WithdrawalModule } from './withdrawal/withdrawal.module';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(planningService, config),
        PlanningCaseModule,
        ConstructionUnitModule,
        SurveyModule,
        SchemeModule,
        WithdrawalModule,
      ],
    };
  }
}
