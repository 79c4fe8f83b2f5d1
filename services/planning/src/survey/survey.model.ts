import { Field, Float, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

/** The GraphQL shape of `Survey` (the entity stays free of GraphQL). */
@ObjectType('Survey', { description: 'The site survey (现场勘查) of a case: the appointment and, once done, what the surveyor found' })
export class SurveyModel {
  @Field(() => ID, { description: 'The case surveyed' })
  caseId: string;

  @Field({ description: 'Staff id of the surveyor assigned to the visit' })
  surveyorId: string;

  @Field(() => GraphQLISODateTime, { description: 'When the surveyor is to visit the site (the latest appointment)' })
  appointmentAt: Date;

  @Field({ description: 'Staff id of whoever made the latest appointment' })
  scheduledBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When the latest appointment was made' })
  scheduledAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the survey result was recorded; null until then' })
  completedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the surveyor who recorded the result' })
  completedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Line, transformer and site conditions found on the visit' })
  siteConditions: string | null;

  @Field(() => [String], { description: 'Supply points the surveyor found feasible; empty until the survey is recorded' })
  supplyPointOptions: string[];

  @Field(() => [ID], { description: "Photos of the site: ids of documents uploaded through intake's POST /documents" })
  photoDocumentIds: string[];

  @Field(() => Float, { nullable: true, description: 'Capacity of the nearest public transformer in kVA, when recorded' })
  transformerCapacityKva: number | null;
}
