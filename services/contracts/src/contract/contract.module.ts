import { Module } from '@nestjs/common';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { ContractResolver, SupplyContractResolver } from './contract.resolver';
import { ContractService } from './contract.service';

@Module({
  imports: [ContractsCaseModule],
  providers: [ContractService, ContractResolver, SupplyContractResolver],
  exports: [ContractService],
})
export class ContractModule {}
