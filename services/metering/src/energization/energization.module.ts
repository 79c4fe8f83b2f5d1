import { Module } from '@nestjs/common';
import { MeteringCaseModule } from '../metering-case/metering-case.module';
import { EnergizationResolver } from './energization.resolver';
import { EnergizationService } from './energization.service';

@Module({
  imports: [MeteringCaseModule],
  providers: [EnergizationService, EnergizationResolver],
})
export class EnergizationModule {}
