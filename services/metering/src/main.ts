import { runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { meteringService } from './metering.service-definition';

void runService(meteringService, (config) => AppModule.forRoot(config));
