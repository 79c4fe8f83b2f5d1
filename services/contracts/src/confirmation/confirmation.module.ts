import { Module } from '@nestjs/common';
import { ContractModule } from '../contract/contract.module';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { FeesModule } from '../fees/fees.module';
import { ConfirmationService } from './confirmation.service';
import { SchemeConfirmedConsumer } from './scheme-confirmed.consumer';

@Module({
  imports: [ContractsCaseModule, ContractModule, FeesModule],
  controllers: [SchemeConfirmedConsumer],
  providers: [ConfirmationService],
})
export class ConfirmationModule {}
