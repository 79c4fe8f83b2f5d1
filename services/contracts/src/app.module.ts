import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { TimeLimitsModule } from '@yekuo/timelimits';
import { ApplicationModule } from './application/application.module';
import { ConfirmationModule } from './confirmation/confirmation.module';
import { ContractModule } from './contract/contract.module';
import { contractsService } from './contracts.service-definition';
import { ContractsCaseModule } from './contracts-case/contracts-case.module';
import { ContractsStatusModule } from './contracts-status/contracts-status.module';
import { FeesModule } from './fees/fees.module';
import { WithdrawalModule } from './withdrawal/withdrawal.module';

@Module({})
export class AppModule {
  /** `definition` defaults to contracts' own; a test may hand in a copy with its own time source. */
  static forRoot(config: ServiceConfig, definition: ServiceDefinition = contractsService): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(definition, config),
        TimeLimitsModule.register(),
        ContractsCaseModule,
        ContractModule,
        FeesModule,
        ContractsStatusModule,
        ApplicationModule,
        ConfirmationModule,
        WithdrawalModule,
      ],
    };
  }
}
