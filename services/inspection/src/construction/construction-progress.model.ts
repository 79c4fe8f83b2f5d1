import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import type { InspectionCase } from '../inspection-case/inspection-case.entity';

@ObjectType({ description: 'Construction (施工) by a qualified unit the customer chose freely: the choice and the recorded start' })
export class ConstructionProgress {
  @Field(() => ID, {
    nullable: true,
    description: "The registered unit the customer chose (planning's record); null for an unregistered unit or no choice yet",
  })
  chosenUnitId: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the unit the customer chose; null until planning records a choice' })
  chosenUnitName: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the chosen unit was one of the recommended ones' })
  chosenFromRecommendation: boolean | null;

  @Field(() => ID, { nullable: true, description: 'The registered unit that started building, when it is the chosen one' })
  unitId: string | null;

  @Field(() => String, { nullable: true, description: 'The unit that started building; null before construction starts' })
  unitName: string | null;

  @Field(() => String, { nullable: true, description: 'The day construction started (YYYY-MM-DD)' })
  startedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Id of whoever recorded the start' })
  recordedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the start was recorded' })
  recordedAt: Date | null;
}

export function constructionProgressOf(c: InspectionCase): ConstructionProgress {
  return {
    chosenUnitId: c.chosenUnitId,
    chosenUnitName: c.chosenUnitName,
    chosenFromRecommendation: c.chosenFromRecommendation,
    unitId: c.constructionUnitId,
    unitName: c.constructionUnitName,
    startedOn: c.constructionStartedOn,
    recordedBy: c.constructionRecordedBy,
    recordedAt: c.constructionRecordedAt,
  };
}
