import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { AppointmentStatus, AppointmentStatusEnum, RescheduleRequester, RescheduleRequesterEnum } from './survey-appointment.entity';

/** The GraphQL shape of `SurveyAppointment` (the entity stays free of GraphQL). */
@ObjectType('SurveyAppointment', {
  description: 'One appointment of the site survey; a moved appointment is kept with who asked for the move and why',
})
export class SurveyAppointmentModel {
  @Field(() => ID, { description: 'Id of the appointment' })
  id: string;

  @Field(() => ID, { description: 'The case surveyed' })
  caseId: string;

  @Field({ description: 'Staff id of the surveyor assigned' })
  surveyorId: string;

  @Field(() => GraphQLISODateTime, { description: 'When the surveyor is to visit' })
  appointmentAt: Date;

  @Field({ description: 'Who made the appointment (staff id)' })
  scheduledBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When the appointment was made' })
  scheduledAt: Date;

  @Field(() => RescheduleRequesterEnum, {
    nullable: true,
    description: 'For a moved appointment: who asked for the move (CUSTOMER: the delay is customer time); null for the first appointment',
  })
  requestedBy: RescheduleRequester | null;

  @Field(() => String, { nullable: true, description: 'Why the appointment was moved here; null for the first appointment' })
  reason: string | null;

  @Field(() => AppointmentStatusEnum, { description: 'Where the appointment stands' })
  status: AppointmentStatus;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the appointment stopped being open' })
  closedAt: Date | null;
}
