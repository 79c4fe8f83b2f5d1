import { Module } from '@nestjs/common';
import { CaseResolver } from './case.resolver';
import { GateFactsConsumer } from './gate-facts.consumer';
import { MeteringCaseService } from './metering-case.service';
import { MeteringViewService } from './metering-view.service';
import { MeteringResolver } from './metering.resolver';
import { SchemeConfirmedConsumer } from './scheme-confirmed.consumer';

@Module({
  controllers: [SchemeConfirmedConsumer, GateFactsConsumer],
  providers: [MeteringCaseService, MeteringViewService, CaseResolver, MeteringResolver],
  exports: [MeteringCaseService],
})
export class MeteringCaseModule {}
