import { Module } from '@nestjs/common';
import { CASE_COPY_STORE, CaseFactsConsumer } from '@yekuo/platform';
import { CaseResolver } from './case.resolver';
import { GateFactsConsumer } from './gate-facts.consumer';
import { MeteringCaseService } from './metering-case.service';
import { MeteringViewService } from './metering-view.service';
import { InstallationOrderResolver, MeteringResolver } from './metering.resolver';
import { SchemeConfirmedConsumer } from './scheme-confirmed.consumer';

@Module({
  controllers: [SchemeConfirmedConsumer, GateFactsConsumer, CaseFactsConsumer],
  providers: [
    MeteringCaseService,
    MeteringViewService,
    CaseResolver,
    MeteringResolver,
    InstallationOrderResolver,
    { provide: CASE_COPY_STORE, useExisting: MeteringCaseService },
  ],
  exports: [MeteringCaseService],
})
export class MeteringCaseModule {}
