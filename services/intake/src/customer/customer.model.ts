import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ApplicantKind, IdType } from './identity';
import { ApplicantKindEnum, IdTypeEnum } from '../enums';

/** The GraphQL shape of `Customer` (the entity stays free of GraphQL). */
@ObjectType('Customer', { description: 'A person or enterprise applying for a connection' })
export class CustomerModel {
  @Field(() => ID, { description: 'Customer id; a customer token carries it as `sub`' })
  id: string;

  @Field(() => ApplicantKindEnum, { description: 'Whether the customer is a person or an enterprise' })
  kind: ApplicantKind;

  @Field(() => IdTypeEnum, {
    description:
      'Kind of identity document: RESIDENT_ID, PASSPORT, HK_MACAO_PERMIT, TAIWAN_PERMIT, FOREIGN_PERMANENT_RESIDENT_ID, UNIFIED_SOCIAL_CREDIT_CODE, BUSINESS_LICENCE or OTHER',
  })
  idType: IdType;
}
