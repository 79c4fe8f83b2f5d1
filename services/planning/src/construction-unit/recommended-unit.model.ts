import { Field, ID, ObjectType } from '@nestjs/graphql';
import { QualificationClassEnum } from '../enums';

/** One unit offered, as it stood when offered. */
@ObjectType({ description: 'A construction unit offered to the customer, with why it was offered' })
export class RecommendedConstructionUnit {
  @Field(() => ID, { description: 'The unit in the registry' })
  unitId: string;

  @Field({ description: 'Its name' })
  name: string;

  @Field(() => QualificationClassEnum, { description: 'Its qualification class when offered' })
  qualificationClass: string;

  @Field({ description: 'Last day of its licence validity when offered (YYYY-MM-DD)' })
  validUntil: string;

  @Field({
    description:
      'Why it was offered, e.g. "valid until 2027-05-01; class 二级 covers 220 kV / 40000 kVA (needed CLASS_4); serves 310101; last recommended 2026-11-02"',
  })
  reason: string;
}
