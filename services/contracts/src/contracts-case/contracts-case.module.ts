import { Module } from '@nestjs/common';
import { CASE_COPY_STORE, CaseFactsConsumer } from '@yekuo/platform';
import { CaseResolver } from './case.resolver';
import { ContractsCaseService } from './contracts-case.service';

@Module({
  controllers: [CaseFactsConsumer],
  providers: [ContractsCaseService, CaseResolver, { provide: CASE_COPY_STORE, useExisting: ContractsCaseService }],
  exports: [ContractsCaseService],
})
export class ContractsCaseModule {}
