import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A seal fitted at an installation; a seal number is used once, across every installation. */
@Entity({ name: 'meter_seal' })
export class MeterSeal {
  @PrimaryColumn({ name: 'seal_number', type: 'text' })
  sealNumber: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'meter_id', type: 'uuid' })
  meterId: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
