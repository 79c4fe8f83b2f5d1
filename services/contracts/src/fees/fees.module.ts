import { Module } from '@nestjs/common';
import { ContractModule } from '../contract/contract.module';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { FeeInvoiceResolver, FeesFieldsResolver, FeesResolver } from './fees.resolver';
import { FeesService } from './fees.service';

@Module({
  imports: [ContractsCaseModule, ContractModule],
  providers: [FeesService, FeesResolver, FeesFieldsResolver, FeeInvoiceResolver],
  exports: [FeesService],
})
export class FeesModule {}
