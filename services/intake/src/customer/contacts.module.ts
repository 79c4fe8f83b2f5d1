import { Logger, Module } from '@nestjs/common';
import { OWN_SIGNATURE_ROUTES, OwnSignatureRoutes } from '@yekuo/platform';
import { CaseModule } from '../case/case.module';
import { CONTACT_READER, CONTACTS_PATH, contactReaderCheck } from './contact-reader';
import { loadContactReaderVerifier } from './contacts.config';
import { ContactsController } from './contacts.controller';

/**
 * The notifications service's read of customers' contacts, `POST /internal/contacts`: a route the
 * gateway never passes on, checked by the notifications service's signature instead of the
 * gateway's (OWN_SIGNATURE_ROUTES).
 */
@Module({
  imports: [CaseModule],
  controllers: [ContactsController],
  providers: [
    {
      provide: OWN_SIGNATURE_ROUTES,
      useFactory: (): OwnSignatureRoutes => {
        const logger = new Logger('Contacts');
        const verifier = loadContactReaderVerifier();
        if (!verifier)
          logger.warn(`no key of the ${CONTACT_READER} service (CONTACT_READER_KEY_FILE): ${CONTACTS_PATH} refuses every request`);
        return { [CONTACTS_PATH]: contactReaderCheck(verifier, (refusal, what) => logger.warn(`refused ${what}: ${refusal}`)) };
      },
    },
  ],
})
export class ContactsModule {}
