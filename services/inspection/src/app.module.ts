import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { TimeLimitsModule as ClocksModule } from '@yekuo/timelimits';
import { AcceptanceModule } from './acceptance/acceptance.module';
import { ConstructionModule } from './construction/construction.module';
import { DesignModule } from './design/design.module';
import { InspectionCaseModule } from './inspection-case/inspection-case.module';
import { inspectionService } from './inspection.service-definition';
import { IntermediateModule } from './intermediate/intermediate.module';
import { TimeLimitsModule } from './time-limits/time-limits.module';
import { WithdrawalModule } from './withdrawal/withdrawal.module';

@Module({})
export class AppModule {
  /** `definition` defaults to inspection's own; tests pass it with a hand-set time source. */
  static forRoot(config: ServiceConfig, definition: ServiceDefinition = inspectionService): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(definition, config),
        ClocksModule.register(),
        InspectionCaseModule,
        DesignModule,
        ConstructionModule,
        IntermediateModule,
        AcceptanceModule,
        WithdrawalModule,
        TimeLimitsModule,
      ],
    };
  }
}
