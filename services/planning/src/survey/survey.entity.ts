import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@yekuo/platform';

/** The site survey of a case: one row with the current appointment (history in survey_appointment) and the result. */
@Entity({ name: 'survey' })
export class Survey {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'surveyor_id', type: 'text' })
  surveyorId: string;

  @Column({ name: 'appointment_at', type: 'timestamptz' })
  appointmentAt: Date;

  @Column({ name: 'scheduled_by', type: 'text' })
  scheduledBy: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy: string | null;

  @Column({ name: 'site_conditions', type: 'text', nullable: true })
  siteConditions: string | null;

  @Column({ name: 'supply_point_options', type: 'text', array: true, default: () => "'{}'" })
  supplyPointOptions: string[];

  @Column({ name: 'photo_document_ids', type: 'uuid', array: true, default: () => "'{}'" })
  photoDocumentIds: string[];

  @Column({ name: 'transformer_capacity_kva', type: 'numeric', nullable: true, transformer: numericTransformer })
  transformerCapacityKva: number | null;
}
