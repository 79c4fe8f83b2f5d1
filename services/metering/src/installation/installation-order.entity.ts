import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InstallationOrderStatus } from './installation-order.state-machine';

/** The work order to install a case's meter: the technician and the appointment; one per case. */
@Entity({ name: 'installation_order' })
export class InstallationOrder {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** SCHEDULED, COMPLETED or CANCELLED (NOT_SCHEDULED is the absence of a row). */
  @Column('text')
  status: InstallationOrderStatus;

  @Column({ name: 'technician_id', type: 'text' })
  technicianId: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  @Column({ name: 'scheduled_by', type: 'text' })
  scheduledBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the order was completed by the installation or cancelled by a withdrawal. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

/** One entry of an order's schedule history: the first scheduling, then each rescheduling with its reason. */
@Entity({ name: 'installation_order_change' })
export class InstallationOrderChange {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn('int')
  seq: number;

  @Column({ name: 'technician_id', type: 'text' })
  technicianId: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  /** Why it was rescheduled; null for the first scheduling. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
