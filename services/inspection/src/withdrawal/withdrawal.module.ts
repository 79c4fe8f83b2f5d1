import { Module } from '@nestjs/common';
import { WITHDRAWAL_HOOK, WithdrawalConsumer } from '@yekuo/platform';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { TimeLimitsModule } from '../time-limits/time-limits.module';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [InspectionCaseModule, TimeLimitsModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService, { provide: WITHDRAWAL_HOOK, useExisting: WithdrawalService }],
})
export class WithdrawalModule {}
