import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const APPOINTMENT_STATUSES = ['OPEN', 'MOVED', 'DONE', 'CANCELLED'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const RESCHEDULE_REQUESTERS = ['CUSTOMER', 'UTILITY'] as const;
export type RescheduleRequester = (typeof RESCHEDULE_REQUESTERS)[number];

/**
 * One appointment of a site survey. Moving it closes this row (MOVED) and opens the
 * next, so the history stays; a surveyor's workload is the number of OPEN rows.
 */
@ObjectType({ description: 'One appointment of the site survey; a moved appointment is kept with who asked for the move and why' })
@Entity({ name: 'survey_appointment' })
@Index('survey_appointment_case', ['caseId', 'scheduledAt'])
export class SurveyAppointment {
  @Field(() => ID, { description: 'Id of the appointment' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The case surveyed' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field({ description: 'Staff id of the surveyor assigned' })
  @Column({ name: 'surveyor_id', type: 'text' })
  surveyorId: string;

  @Field(() => GraphQLISODateTime, { description: 'When the surveyor is to visit' })
  @Column({ name: 'appointment_at', type: 'timestamptz' })
  appointmentAt: Date;

  @Field({ description: 'Who made the appointment (staff id)' })
  @Column({ name: 'scheduled_by', type: 'text' })
  scheduledBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When the appointment was made' })
  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  @Field(() => String, {
    nullable: true,
    description: 'For a moved appointment: CUSTOMER (the delay is customer time) or UTILITY; null for the first appointment',
  })
  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy: RescheduleRequester | null;

  @Field(() => String, { nullable: true, description: 'Why the appointment was moved here; null for the first appointment' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => String, { description: 'OPEN (the current one), MOVED (replaced by a later one), DONE (surveyed) or CANCELLED (withdrawn)' })
  @Column('text')
  status: AppointmentStatus;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the appointment stopped being open' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
