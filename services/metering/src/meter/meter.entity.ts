import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MeterStatus } from './meter-terms';

/** A meter asset in the metering department's inventory; its number is unique. */
@Entity({ name: 'meter' })
@Index('meter_number_unique', ['meterNumber'], { unique: true })
export class Meter {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'meter_number', type: 'text' })
  meterNumber: string;

  /** One of METER_TYPES (SINGLE_PHASE, THREE_PHASE_DIRECT, THREE_PHASE_CT, HV_CT_PT). */
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

  @Column('text')
  status: MeterStatus;

  @Column({ name: 'registered_by', type: 'text' })
  registeredBy: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @Column({ name: 'retired_by', type: 'text', nullable: true })
  retiredBy: string | null;

  @Column({ name: 'retire_reason', type: 'text', nullable: true })
  retireReason: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
