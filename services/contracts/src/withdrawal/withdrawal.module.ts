import { Module } from '@nestjs/common';
import { ContractModule } from '../contract/contract.module';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { FeesModule } from '../fees/fees.module';
import { ApplicationWithdrawnConsumer } from './application-withdrawn.consumer';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [ContractsCaseModule, ContractModule, FeesModule],
  controllers: [ApplicationWithdrawnConsumer],
  providers: [WithdrawalService],
})
export class WithdrawalModule {}
