import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import type { QualificationClass } from './qualification-classes';
import { QualificationClassEnum } from '../enums';

/** The GraphQL shape of `ConstructionUnit` (the entity stays free of GraphQL). */
@ObjectType('ConstructionUnit', {
  description: 'A licensed construction unit (施工单位) in the registry; customers are recommended units from it',
})
export class ConstructionUnitModel {
  @Field(() => ID, { description: 'Id of the unit' })
  id: string;

  @Field({ description: 'Registered name of the unit' })
  name: string;

  @Field({ description: 'Number of its licence (承装(修、试)电力设施许可证)' })
  licenceNumber: string;

  @Field(() => QualificationClassEnum, { description: 'Qualification class' })
  qualificationClass: QualificationClass;

  @Field(() => Float, { description: 'Highest voltage it may build for, in kV (its voltage scope)' })
  maxVoltageKv: number;

  @Field(() => Float, { nullable: true, description: 'Largest capacity it may build for, in kVA; null when its class alone limits it' })
  maxCapacityKva: number | null;

  @Field(() => [String], { description: 'Region codes it serves' })
  regions: string[];

  @Field({ description: 'Last day its licence is valid (YYYY-MM-DD); it is never recommended after that day' })
  validUntil: string;

  @Field({ description: 'Suspended units are never recommended' })
  suspended: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is suspended' })
  suspensionReason: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was last offered to a customer; null when never' })
  lastRecommendedAt: Date | null;

  @Field(() => Int, { description: 'How many recommendations offered it' })
  timesRecommended: number;

  @Field({ description: 'Staff id of who registered it' })
  registeredBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was registered' })
  registeredAt: Date;

  @Field({ description: 'Staff id of who changed it last' })
  updatedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was changed last' })
  updatedAt: Date;
}
