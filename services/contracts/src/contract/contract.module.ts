import { Module } from '@nestjs/common';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { ContractResolver } from './contract.resolver';
import { ContractService } from './contract.service';

@Module({
  imports: [ContractsCaseModule],
  providers: [ContractService, ContractResolver],
  exports: [ContractService],
})
export class ContractModule {}
