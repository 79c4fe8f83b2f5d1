import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig } from '@yekuo/shared';
import { ConfirmationModule } from './confirmation/confirmation.module';
import { ContractModule } from './contract/contract.module';
import { contractsService } from './contracts.service-definition';
import { ContractsCaseModule } from './contracts-case/contracts-case.module';
import { FeesModule } from './fees/fees.module';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forService(contractsService, config), ContractsCaseModule, ContractModule, FeesModule, ConfirmationModule],
    };
  }
}
