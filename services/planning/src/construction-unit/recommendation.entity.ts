import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One unit offered, as it stood when offered. */
@ObjectType({ description: 'A construction unit offered to the customer, with why it was offered' })
export class RecommendedConstructionUnit {
  @Field(() => ID, { description: 'The unit in the registry' })
  unitId: string;

  @Field({ description: 'Its name' })
  name: string;

  @Field(() => String, { description: 'Its qualification class when offered (CLASS_1 … CLASS_5)' })
  qualificationClass: string;

  @Field({ description: 'Last day of its licence validity when offered (YYYY-MM-DD)' })
  validUntil: string;

  @Field({
    description:
      'Why it was offered, e.g. "valid until 2027-05-01; class 二级 covers 220 kV / 40000 kVA (needed CLASS_4); serves 310101; last recommended 2026-11-02"',
  })
  reason: string;
}

export const RECOMMENDATION_STATUSES = ['ACTIVE', 'SUPERSEDED', 'CANCELLED'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/**
 * The construction units recommended to the customer of a case, issued with the
 * survey: three when at least three are eligible, otherwise all eligible ones and
 * the explicit `fewerThanThree` flag.
 */
@ObjectType({
  description:
    'The construction units recommended to the customer (issued with the survey): exactly three when three are eligible, otherwise every eligible one with fewerThanThree set; the customer chooses freely',
})
@Entity({ name: 'construction_unit_recommendation' })
export class ConstructionUnitRecommendation {
  @Field(() => ID, { description: 'Id of the recommendation' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The case' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field(() => [RecommendedConstructionUnit], { description: 'The units offered, in the order offered' })
  @Column('jsonb')
  units: RecommendedConstructionUnit[];

  @Field({ description: 'True when fewer than three units were eligible (never fewer silently)' })
  @Column({ name: 'fewer_than_three', type: 'boolean' })
  fewerThanThree: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When it was issued' })
  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Field({ description: 'Staff id whose act issued it (the surveyor recording the survey)' })
  @Column({ name: 'issued_by', type: 'text' })
  issuedBy: string;

  @Field(() => String, { description: 'ACTIVE, SUPERSEDED (by a later one) or CANCELLED (the application was withdrawn)' })
  @Column('text')
  status: RecommendationStatus;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it stopped being active' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
