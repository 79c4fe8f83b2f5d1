import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { enumFromValues } from '@yekuo/platform';

export const APPOINTMENT_STATUSES = ['OPEN', 'MOVED', 'DONE', 'CANCELLED'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const RESCHEDULE_REQUESTERS = ['CUSTOMER', 'UTILITY'] as const;
export type RescheduleRequester = (typeof RESCHEDULE_REQUESTERS)[number];

export const AppointmentStatusEnum = enumFromValues(APPOINTMENT_STATUSES, 'SurveyAppointmentStatus', 'Where a survey appointment stands', {
  valueDescriptions: {
    OPEN: 'The current one',
    MOVED: 'Replaced by a later one',
    DONE: 'Surveyed',
    CANCELLED: 'The application was withdrawn',
  },
});

export const RescheduleRequesterEnum = enumFromValues(
  RESCHEDULE_REQUESTERS,
  'RescheduleRequester',
  'Who asked to move a survey appointment',
  {
    valueDescriptions: { CUSTOMER: 'The customer: the delay is customer time', UTILITY: 'The utility' },
  },
);

/**
 * One appointment of a site survey. Moving it closes this row (MOVED) and opens the
 * next, so the history stays; a surveyor's workload is the number of OPEN rows.
 */
@Entity({ name: 'survey_appointment' })
@Index('survey_appointment_case', ['caseId', 'scheduledAt'])
export class SurveyAppointment {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'surveyor_id', type: 'text' })
  surveyorId: string;

  @Column({ name: 'appointment_at', type: 'timestamptz' })
  appointmentAt: Date;

  @Column({ name: 'scheduled_by', type: 'text' })
  scheduledBy: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy: RescheduleRequester | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column('text')
  status: AppointmentStatus;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
