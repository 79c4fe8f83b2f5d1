import { Module } from '@nestjs/common';
import { WITHDRAWAL_HOOK, WithdrawalConsumer } from '@yekuo/platform';
import { ContractModule } from '../contract/contract.module';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { FeesModule } from '../fees/fees.module';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [ContractsCaseModule, ContractModule, FeesModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService, { provide: WITHDRAWAL_HOOK, useExisting: WithdrawalService }],
})
export class WithdrawalModule {}
