import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A meter serving a case. The active assignment has no release; partial unique
 * indexes keep one active assignment per meter and per case, so two concurrent
 * assignments of one meter cannot both commit.
 */
@Entity({ name: 'meter_assignment' })
@Index('meter_assignment_active_meter', ['meterId'], { unique: true, where: 'released_at IS NULL' })
@Index('meter_assignment_active_case', ['caseId'], { unique: true, where: 'released_at IS NULL' })
export class MeterAssignment {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'meter_id', type: 'uuid' })
  meterId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'assigned_by', type: 'text' })
  assignedBy: string;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  /** When the meter went back to stock (the case was withdrawn before installation). */
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ name: 'released_by', type: 'text', nullable: true })
  releasedBy: string | null;

  @Column({ name: 'release_reason', type: 'text', nullable: true })
  releaseReason: string | null;

  /** The case was withdrawn after the meter was installed: it stays on site, assigned, until it is removed. */
  @Column({ name: 'removal_required', type: 'boolean', default: false })
  removalRequired: boolean;
}
