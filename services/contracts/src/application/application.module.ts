import { Module } from '@nestjs/common';
import { ContractModule } from '../contract/contract.module';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { AcceptanceService } from './acceptance.service';
import { ApplicationAcceptedConsumer } from './application-accepted.consumer';

@Module({
  imports: [ContractsCaseModule, ContractModule],
  controllers: [ApplicationAcceptedConsumer],
  providers: [AcceptanceService],
})
export class ApplicationModule {}
