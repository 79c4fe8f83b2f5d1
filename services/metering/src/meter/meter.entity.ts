import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The meter assigned to a case; a meter number belongs to one case only. */
@Entity({ name: 'meter' })
@Index('meter_number_unique', ['meterNumber'], { unique: true })
@Index('meter_case_unique', ['caseId'], { unique: true })
export class Meter {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'meter_number', type: 'text' })
  meterNumber: string;

  @Column({ name: 'meter_type', type: 'text' })
  meterType: string;

  @Column({ name: 'accuracy_class', type: 'text' })
  accuracyClass: string;

  /** Current-transformer ratio (e.g. 200/5) when metered through CTs. */
  @Column({ name: 'ct_ratio', type: 'text', nullable: true })
  ctRatio: string | null;

  /** Voltage-transformer ratio (e.g. 10000/100) when metered through PTs. */
  @Column({ name: 'pt_ratio', type: 'text', nullable: true })
  ptRatio: string | null;

  @Column({ name: 'assigned_by', type: 'text' })
  assignedBy: string;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;
}
