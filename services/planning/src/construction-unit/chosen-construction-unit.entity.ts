import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The construction unit the customer chose: recorded, not imposed; the latest choice counts. */
@ObjectType({ description: 'The construction unit the customer chose: one recommended, or another qualified unit of their own' })
@Entity({ name: 'chosen_construction_unit' })
export class ChosenConstructionUnit {
  @Field(() => ID, { description: 'The case' })
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field(() => ID, { nullable: true, description: 'The unit in the registry; null for a unit the customer named themself' })
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Field({ description: 'Name of the unit' })
  @Column({ name: 'unit_name', type: 'text' })
  unitName: string;

  @Field(() => String, { description: 'Its qualification class (CLASS_1 … CLASS_5)' })
  @Column({ name: 'qualification_class', type: 'text' })
  qualificationClass: string;

  @Field(() => String, { nullable: true, description: 'Its licence number' })
  @Column({ name: 'licence_number', type: 'text', nullable: true })
  licenceNumber: string | null;

  @Field({ description: 'True when the unit was one of those recommended' })
  @Column({ name: 'from_recommendation', type: 'boolean' })
  fromRecommendation: boolean;

  @Field(() => ID, { nullable: true, description: 'The recommendation it was chosen from' })
  @Column({ name: 'recommendation_id', type: 'uuid', nullable: true })
  recommendationId: string | null;

  @Field({ description: 'Who recorded the choice (the customer id, or the agent)' })
  @Column({ name: 'chosen_by', type: 'text' })
  chosenBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  @Column({ name: 'chosen_at', type: 'timestamptz' })
  chosenAt: Date;
}
