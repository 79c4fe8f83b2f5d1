import { Module } from '@nestjs/common';
import { DOCUMENT_KEY_RING, DocumentCipher, loadKeyRing } from '@yekuo/platform';
import { ContractsCaseModule } from '../contracts-case/contracts-case.module';
import { ContractResolver, SupplyContractResolver } from './contract.resolver';
import { ContractService } from './contract.service';

@Module({
  imports: [ContractsCaseModule],
  providers: [
    // Contract PDFs are stored sealed under the document key ring (decision 0018).
    { provide: DocumentCipher, useFactory: async () => new DocumentCipher(await loadKeyRing(DOCUMENT_KEY_RING)) },
    ContractService,
    ContractResolver,
    SupplyContractResolver,
  ],
  exports: [ContractService],
})
export class ContractModule {}
