import { Module } from '@nestjs/common';
import { WITHDRAWAL_HOOK, WithdrawalConsumer } from '@yekuo/platform';
import { ExternalWorksModule } from '../external-works/external-works.module';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [PlanningCaseModule, ExternalWorksModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService, { provide: WITHDRAWAL_HOOK, useExisting: WithdrawalService }],
})
export class WithdrawalModule {}
