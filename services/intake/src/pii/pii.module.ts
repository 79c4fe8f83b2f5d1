import { Global, Module } from '@nestjs/common';
import { PiiCipher } from './pii-cipher';
import { loadPiiKeys } from './pii.config';

/** The personal-data cipher, keyed from the environment (validated at boot). */
@Global()
@Module({
  providers: [{ provide: PiiCipher, useFactory: async () => new PiiCipher(await loadPiiKeys()) }],
  exports: [PiiCipher],
})
export class PiiModule {}
