import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { TimeLimitsModule } from '../time-limits/time-limits.module';
import { WithdrawalConsumer } from './withdrawal.consumer';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [InspectionCaseModule, TimeLimitsModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService],
})
export class WithdrawalModule {}
