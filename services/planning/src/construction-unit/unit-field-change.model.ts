import { Field, ObjectType } from '@nestjs/graphql';

/** One field of a change, its values as JSON text (null when the field had no value). */
@ObjectType({ description: 'One field of a registry change, its values as JSON text' })
export class UnitFieldChange {
  @Field({ description: 'The field changed, e.g. validUntil' })
  field: string;

  @Field(() => String, { nullable: true, description: 'Value before, as JSON text; null on registration' })
  from: string | null;

  @Field(() => String, { nullable: true, description: 'Value after, as JSON text' })
  to: string | null;
}
