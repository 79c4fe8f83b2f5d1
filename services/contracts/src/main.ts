import { checkKeyRingConfig, DOCUMENT_KEY_RING, runService } from '@yekuo/platform';
import { AppModule } from './app.module';
import { encryptContractDocumentsCommand } from './contract/document/contract-document-sealing';
import { contractsService } from './contracts.service-definition';

const keyProblem = checkKeyRingConfig(DOCUMENT_KEY_RING);
if (keyProblem) {
  process.stderr.write(`${contractsService.name}: ${keyProblem.message}\n`);
  process.exit(78); // EX_CONFIG
}

void runService(contractsService, (config) => AppModule.forRoot(config), { 'encrypt-documents': encryptContractDocumentsCommand });
