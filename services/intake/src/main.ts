import { runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { intakeService } from './intake.service-definition';
import { checkPiiConfig } from './pii/pii.config';

const piiProblem = checkPiiConfig();
if (piiProblem) {
  process.stderr.write(`${intakeService.name}: ${piiProblem.message}\n`);
  process.exit(78); // EX_CONFIG
}

void runService(intakeService, (config) => AppModule.forRoot(config));
