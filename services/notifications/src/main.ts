import { runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { notificationsService } from './notifications.service-definition';

void runService(notificationsService, (config) => AppModule.forRoot(config));
