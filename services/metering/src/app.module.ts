import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig } from '@yekuo/shared';
import { EnergizationModule } from './energization/energization.module';
import { InstallationModule } from './installation/installation.module';
import { MeterModule } from './meter/meter.module';
import { MeteringCaseModule } from './metering-case/metering-case.module';
import { meteringService } from './metering.service-definition';
import { WithdrawalModule } from './withdrawal/withdrawal.module';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(meteringService, config),
        MeteringCaseModule,
        MeterModule,
        InstallationModule,
        EnergizationModule,
        WithdrawalModule,
      ],
    };
  }
}
