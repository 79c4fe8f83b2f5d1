import { runService } from '@yekuo/shared';
import { AppModule } from './app.module';
import { intakeService } from './intake.service-definition';

void runService(intakeService, (config) => AppModule.forRoot(config));
