import { Field, Float, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@yekuo/platform';

/** The site survey of a case: one row with the current appointment (history in survey_appointment) and the result. */
@ObjectType({ description: 'The site survey (现场勘查) of a case: the appointment and, once done, what the surveyor found' })
@Entity({ name: 'survey' })
export class Survey {
  @Field(() => ID, { description: 'The case surveyed' })
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field({ description: 'Staff id of the surveyor assigned to the visit' })
  @Column({ name: 'surveyor_id', type: 'text' })
  surveyorId: string;

  @Field(() => GraphQLISODateTime, { description: 'When the surveyor is to visit the site (the latest appointment)' })
  @Column({ name: 'appointment_at', type: 'timestamptz' })
  appointmentAt: Date;

  @Field({ description: 'Staff id of whoever made the latest appointment' })
  @Column({ name: 'scheduled_by', type: 'text' })
  scheduledBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When the latest appointment was made' })
  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the survey result was recorded; null until then' })
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the surveyor who recorded the result' })
  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Line, transformer and site conditions found on the visit' })
  @Column({ name: 'site_conditions', type: 'text', nullable: true })
  siteConditions: string | null;

  @Field(() => [String], { description: 'Supply points the surveyor found feasible; empty until the survey is recorded' })
  @Column({ name: 'supply_point_options', type: 'text', array: true, default: () => "'{}'" })
  supplyPointOptions: string[];

  @Field(() => [ID], { description: "Photos of the site: ids of documents uploaded through intake's POST /documents" })
  @Column({ name: 'photo_document_ids', type: 'uuid', array: true, default: () => "'{}'" })
  photoDocumentIds: string[];

  @Field(() => Float, { nullable: true, description: 'Capacity of the nearest public transformer in kVA, when recorded' })
  @Column({ name: 'transformer_capacity_kva', type: 'numeric', nullable: true, transformer: numericTransformer })
  transformerCapacityKva: number | null;
}
