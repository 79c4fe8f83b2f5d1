import { Module } from '@nestjs/common';
import { WITHDRAWAL_HOOK, WithdrawalConsumer } from '@yekuo/platform';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [PlanningCaseModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService, { provide: WITHDRAWAL_HOOK, useExisting: WithdrawalService }],
})
export class WithdrawalModule {}
