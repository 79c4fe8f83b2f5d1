import { Module } from '@nestjs/common';
import { InspectionCaseModule } from '../inspection-case/inspection-case.module';
import { WithdrawalConsumer } from './withdrawal.consumer';
import { WithdrawalService } from './withdrawal.service';

@Module({
  imports: [InspectionCaseModule],
  controllers: [WithdrawalConsumer],
  providers: [WithdrawalService],
})
export class WithdrawalModule {}
