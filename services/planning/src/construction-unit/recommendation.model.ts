import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { RecommendationStatus, RecommendationStatusEnum } from './recommendation.entity';
import { RecommendedConstructionUnit } from './recommended-unit.model';

/** The GraphQL shape of `ConstructionUnitRecommendation` (the entity stays free of GraphQL). */
@ObjectType('ConstructionUnitRecommendation', {
  description:
    'The construction units recommended to the customer (issued with the survey): exactly three when three are eligible, otherwise every eligible one with fewerThanThree set; the customer chooses freely',
})
export class ConstructionUnitRecommendationModel {
  @Field(() => ID, { description: 'Id of the recommendation' })
  id: string;

  @Field(() => ID, { description: 'The case' })
  caseId: string;

  @Field(() => [RecommendedConstructionUnit], { description: 'The units offered, in the order offered' })
  units: RecommendedConstructionUnit[];

  @Field({ description: 'True when fewer than three units were eligible (never fewer silently)' })
  fewerThanThree: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When it was issued' })
  issuedAt: Date;

  @Field({ description: 'Staff id whose act issued it (the surveyor recording the survey)' })
  issuedBy: string;

  @Field(() => RecommendationStatusEnum, { description: 'Whether the recommendation stands' })
  status: RecommendationStatus;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it stopped being active' })
  closedAt: Date | null;
}
