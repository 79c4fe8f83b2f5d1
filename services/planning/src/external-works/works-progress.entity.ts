import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A progress note on the external works (e.g. cable laid to the pole), as the works team recorded it. */
@Entity({ name: 'external_works_progress' })
export class WorksProgress {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('text')
  note: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by_id', type: 'text' })
  recordedById: string;

  @Column({ name: 'recorded_by_role', type: 'text' })
  recordedByRole: string;
}
