import { runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { contractsService } from './contracts.service-definition';

void runService(contractsService, (config) => AppModule.forRoot(config));
