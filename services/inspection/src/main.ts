import { runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { inspectionService } from './inspection.service-definition';

void runService(inspectionService, (config) => AppModule.forRoot(config));
