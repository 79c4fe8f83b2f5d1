import { Module } from '@nestjs/common';
import { MeteringCaseModule } from '../metering-case/metering-case.module';
import { WithdrawalConsumer } from './withdrawal.consumer';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [MeteringCaseModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService],
})
export class WithdrawalModule {}
