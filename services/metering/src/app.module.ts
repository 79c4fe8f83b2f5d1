import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { TimeLimitsModule } from '@yekuo/timelimits';
import { EnergizationModule } from './energization/energization.module';
import { InstallationModule } from './installation/installation.module';
import { MeterModule } from './meter/meter.module';
import { MeteringCaseModule } from './metering-case/metering-case.module';
import { meteringService } from './metering.service-definition';
import { WithdrawalModule } from './withdrawal/withdrawal.module';

@Module({})
export class AppModule {
  /** `definition` defaults to metering's own; tests pass it with a hand-set time source. */
  static forRoot(config: ServiceConfig, definition: ServiceDefinition = meteringService): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(definition, config),
        TimeLimitsModule.register(),
        MeteringCaseModule,
        MeterModule,
        InstallationModule,
        EnergizationModule,
        WithdrawalModule,
      ],
    };
  }
}
