import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { TimeLimitsModule } from '@yekuo/timelimits';
import { planningService } from './planning.service-definition';
import { PlanningCaseModule } from './planning-case/planning-case.module';
import { SchemeModule } from './scheme/scheme.module';
import { SurveyModule } from './survey/survey.module';
import { ConstructionUnitModule } from './construction-unit/construction-unit.module';
import { WithdrawalModule } from './withdrawal/withdrawal.module';
import { ExternalWorksModule } from './external-works/external-works.module';

@Module({})
export class AppModule {
  /** `definition` defaults to planning's own; a test may hand in a copy with its own time source. */
  static forRoot(config: ServiceConfig, definition: ServiceDefinition = planningService): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(definition, config),
        TimeLimitsModule.register(),
        PlanningCaseModule,
        ConstructionUnitModule,
        SurveyModule,
        SchemeModule,
        ExternalWorksModule,
        WithdrawalModule,
      ],
    };
  }
}
