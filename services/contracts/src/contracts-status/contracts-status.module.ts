import { Module } from '@nestjs/common';
import { ContractModule } from '../contract/contract.module';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { ContractsStatusResolver } from './contracts-status.resolver';

@Module({
  imports: [ContractsCaseModule, ContractModule],
  providers: [ContractsStatusResolver],
})
export class ContractsStatusModule {}
