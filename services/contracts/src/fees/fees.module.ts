import { Module } from '@nestjs/common';
import { FeeSchedule, TimeLimitPolicy } from '@yekuo/timelimits';
import { ContractModule } from '../contract/contract.module';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { FeeInvoiceResolver, FeesFieldsResolver, FeesResolver } from './fees.resolver';
import { FeesService } from './fees.service';

@Module({
  imports: [ContractsCaseModule, ContractModule],
  providers: [
    // The fee data, its overlays checked against the jurisdictions of the time-limit policy at start.
    {
      provide: FeeSchedule,
      inject: [TimeLimitPolicy],
      useFactory: (policy: TimeLimitPolicy) => FeeSchedule.fromFile(policy.jurisdictionIds),
    },
    FeesService,
    FeesResolver,
    FeesFieldsResolver,
    FeeInvoiceResolver,
  ],
  exports: [FeesService],
})
export class FeesModule {}
