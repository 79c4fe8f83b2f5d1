import { Module } from '@nestjs/common';
import { PlanningCaseModule } from '../planning-case/planning-case.module';
import { ApplicationWithdrawnConsumer } from './withdrawal.consumer';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [PlanningCaseModule],
  controllers: [ApplicationWithdrawnConsumer],
  providers: [WithdrawalService],
})
export class WithdrawalModule {}
