import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { TimeLimitsModule } from '@yekuo/timelimits';
import { CaseModule } from './case/case.module';
import { ContactsModule } from './customer/contacts.module';
import { intakeService } from './intake.service-definition';
import { JourneyModule } from './journey/journey.module';
import { PiiModule } from './pii/pii.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TicketModule } from './ticket/ticket.module';

@Module({})
export class AppModule {
  /** `definition` defaults to intake's own; a test passes a copy with a hand-set time source. */
  static forRoot(config: ServiceConfig, definition: ServiceDefinition = intakeService): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forService(definition, config),
        TimeLimitsModule.register(),
        PiiModule,
        CaseModule,
        ContactsModule,
        JourneyModule,
        TicketModule,
        SupervisionModule,
      ],
    };
  }
}
