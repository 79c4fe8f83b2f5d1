import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig } from '@yekuo/shared';
import { CaseModule } from './case/case.module';
import { intakeService } from './intake.service-definition';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: AppModule, imports: [CoreModule.forService(intakeService, config), CaseModule] };
  }
}
