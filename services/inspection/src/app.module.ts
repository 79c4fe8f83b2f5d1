import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig } from '@yekuo/shared';
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
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(inspectionService, config),
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
