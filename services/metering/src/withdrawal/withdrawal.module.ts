import { Module } from '@nestjs/common';
import { WITHDRAWAL_HOOK, WithdrawalConsumer } from '@yekuo/platform';
import { MeteringCaseModule } from '../metering-case/metering-case.module';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [MeteringCaseModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService, { provide: WITHDRAWAL_HOOK, useExisting: WithdrawalService }],
})
export class WithdrawalModule {}
