import { Catch } from '@nestjs/common';
import { EndpointHttpErrorFilter } from '../document/endpoint-http-error.filter';

/** The contact read answers errors as the document endpoints do (400 naming each field at fault, 403). */
@Catch()
export class ContactsHttpErrorFilter extends EndpointHttpErrorFilter {
  constructor() {
    super({
      logger: 'Contacts',
      what: 'contact read',
      unavailable: 'Contacts are unavailable for a moment; ask again',
      failed: 'The contacts could not be read',
    });
  }
}
