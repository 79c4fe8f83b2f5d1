import { Module } from '@nestjs/common';
import { MeteringCaseModule } from '../metering-case/metering-case.module';
import { MeterResolver } from './meter.resolver';
import { MeterService } from './meter.service';

@Module({
  imports: [MeteringCaseModule],
  providers: [MeterService, MeterResolver],
})
export class MeterModule {}
