import { Module } from '@nestjs/common';
import { CaseResolver } from './case.resolver';
import { ContractsCaseService } from './contracts-case.service';

@Module({
  providers: [ContractsCaseService, CaseResolver],
  exports: [ContractsCaseService],
})
export class ContractsCaseModule {}
