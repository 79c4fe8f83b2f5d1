import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { reveal } from '@yekuo/policy';
import { PiiCipher } from '../pii/pii-cipher';
import { Customer } from './customer.entity';
import { revealEmail } from './email';
import { ID_NUMBER_PURPOSE } from './customer.service';
import { CustomerModel } from './customer.model';

/** Personal data of a customer, in full or masked by who asks (PERSONAL_DATA_IN_FULL in the shared library). */
@Resolver(() => CustomerModel)
export class CustomerResolver {
  constructor(private readonly cipher: PiiCipher) {}

  @Roles(...ROLES)
  @ResolveField(() => String, { description: 'Name of the person or enterprise; masked (张*) for staff whose work does not need it' })
  name(@Parent() customer: Customer, @CurrentPrincipal() principal: Principal): string {
    return reveal(principal, 'name', customer.id, customer.name);
  }

  @Roles(...ROLES)
  @ResolveField(() => String, { nullable: true, description: 'Contact phone; masked (138****5678) for staff whose work does not need it' })
  phone(@Parent() customer: Customer, @CurrentPrincipal() principal: Principal): string | null {
    return customer.phone === null ? null : reveal(principal, 'phone', customer.id, customer.phone);
  }

  @Roles(...ROLES)
  @ResolveField(() => String, {
    nullable: true,
    description:
      'Contact email; masked (z***@example.com) for staff whose work does not need it (those who see the phone in full see it too)',
  })
  email(@Parent() customer: Customer, @CurrentPrincipal() principal: Principal): string | null {
    return customer.email === null ? null : revealEmail(principal, customer.id, customer.email);
  }

  @Roles(...ROLES)
  @ResolveField(() => String, {
    nullable: true,
    description: 'Identity document number; masked (310***********6666) for staff whose work does not need it',
  })
  idNumber(@Parent() customer: Customer, @CurrentPrincipal() principal: Principal): string | null {
    if (!customer.idNumberSealed || !customer.idNumberKeyId) return null;
    const plain = this.cipher.open({ cipher: customer.idNumberSealed, keyId: customer.idNumberKeyId }, ID_NUMBER_PURPOSE);
    return reveal(principal, 'idNumber', customer.id, plain);
  }
}
