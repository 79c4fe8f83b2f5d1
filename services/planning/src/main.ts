import { runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { planningService } from './planning.service-definition';

void runService(planningService, (config) => AppModule.forRoot(config));
