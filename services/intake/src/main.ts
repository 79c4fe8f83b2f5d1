import { checkKeyRingConfig, DOCUMENT_KEY_RING, runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { encryptDocumentsCommand } from './document/document-sealing';
import { intakeService } from './intake.service-definition';
import { checkPiiConfig } from './pii/pii.config';

const keyProblem = checkPiiConfig() ?? checkKeyRingConfig(DOCUMENT_KEY_RING);
if (keyProblem) {
  process.stderr.write(`${intakeService.name}: ${keyProblem.message}\n`);
  process.exit(78); // EX_CONFIG
}

void runService(intakeService, (config) => AppModule.forRoot(config), { 'encrypt-documents': encryptDocumentsCommand });
