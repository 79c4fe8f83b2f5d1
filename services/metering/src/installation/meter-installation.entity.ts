import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@yekuo/platform';

/** The installation of a case's meter on site: when, by whom, the initial reading and the seals. */
@Entity({ name: 'meter_installation' })
export class MeterInstallation {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'meter_id', type: 'uuid' })
  meterId: string;

  /** When the meter was installed on site, as the technician states. */
  @Column({ name: 'installed_at', type: 'timestamptz' })
  installedAt: Date;

  /** Initial register reading in kWh. */
  @Column({ type: 'numeric', transformer: numericTransformer })
  reading: number;

  @Column({ name: 'seal_numbers', type: 'text', array: true })
  sealNumbers: string[];

  /** The technician who installed the meter. */
  @Column({ name: 'technician_id', type: 'text' })
  technicianId: string;

  /** When the installation was recorded in the system. */
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  /** Who recorded it (null for installations recorded before this was kept). */
  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy: string | null;

  /** When the meter was taken off site after the case was withdrawn. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ name: 'removed_by', type: 'text', nullable: true })
  removedBy: string | null;

  /** Register reading in kWh when the meter was removed. */
  @Column({ name: 'removal_reading', type: 'numeric', nullable: true, transformer: numericTransformer })
  removalReading: number | null;
}
