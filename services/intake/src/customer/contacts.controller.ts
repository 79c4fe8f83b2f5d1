import { Body, Controller, HttpCode, Logger, Post, Res, UseFilters } from '@nestjs/common';
import { ForbiddenError, Public } from '@yekuo/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { callerOf, CONTACTS_PATH } from './contact-reader';
import { ContactsHttpErrorFilter } from './contacts-http-error.filter';
import { Contact, CustomerService } from './customer.service';

/** At most this many customers per read: one event's recipients, never the customer table. */
export const MAX_CONTACTS_PER_READ = 100;

export class ContactsRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONTACTS_PER_READ)
  @IsUUID('all', { each: true })
  customerIds: string[];
}

/**
 * `POST /internal/contacts` `{ customerIds }` → `{ contacts: [{ customerId, email, phone }] }`:
 * the notifications service reads how to reach the customers an event concerns at sending time,
 * as stored (unknown ids are simply absent). No token: the caller is a service, checked by its
 * signature before this runs (contactReaderCheck, in place of the gateway's); a request that
 * reached here any other way is refused. Each read is logged by its size, never its contacts.
 */
@Controller(CONTACTS_PATH.slice(1))
@UseFilters(ContactsHttpErrorFilter)
export class ContactsController {
  private readonly logger = new Logger('Contacts');

  constructor(private readonly customers: CustomerService) {}

  @Public()
  @Post()
  @HttpCode(200)
  async read(@Body() request: ContactsRequest, @Res({ passthrough: true }) response: Response): Promise<{ contacts: Contact[] }> {
    const caller = callerOf(response.locals);
    if (!caller) throw new ForbiddenError('This request is not allowed');
    const ids = [...new Set(request.customerIds.map((id) => id.toLowerCase()))];
    const contacts = await this.customers.contactsOf(ids);
    this.logger.log(`contacts read by the ${caller} service: ${ids.length} customers asked, ${contacts.length} found`);
    return { contacts };
  }
}
