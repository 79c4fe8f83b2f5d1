import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { QualificationClassEnum } from '../enums';

/** The GraphQL shape of `ChosenConstructionUnit` (the entity stays free of GraphQL). */
@ObjectType('ChosenConstructionUnit', {
  description: 'The construction unit the customer chose: one recommended, or another qualified unit of their own',
})
export class ChosenConstructionUnitModel {
  @Field(() => ID, { description: 'The case' })
  caseId: string;

  @Field(() => ID, { nullable: true, description: 'The unit in the registry; null for a unit the customer named themself' })
  unitId: string | null;

  @Field({ description: 'Name of the unit' })
  unitName: string;

  @Field(() => QualificationClassEnum, { description: 'Its qualification class' })
  qualificationClass: string;

  @Field(() => String, { nullable: true, description: 'Its licence number' })
  licenceNumber: string | null;

  @Field({ description: 'True when the unit was one of those recommended' })
  fromRecommendation: boolean;

  @Field(() => ID, { nullable: true, description: 'The recommendation it was chosen from' })
  recommendationId: string | null;

  @Field({ description: 'Who recorded the choice (the customer id, or the agent)' })
  chosenBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  chosenAt: Date;
}
