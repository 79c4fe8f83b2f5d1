import type { Role } from '@yekuo/events';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketKind } from './ticket-kinds';
import type { TicketStatus } from './ticket-state';

/** A customer's inquiry, complaint, urge or correction request on a case (service channel, 服务渠道). */
@Entity({ name: 'ticket' })
@Index('ticket_case', ['caseId', 'seq'])
@Index('ticket_customer', ['customerId', 'seq'])
@Index('ticket_team_status', ['team', 'status', 'seq'])
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Opening order; the cursor of ticket lists. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column('text')
  kind: TicketKind;

  @Column('text')
  subject: string;

  @Column('text')
  message: string;

  @Column('text')
  status: TicketStatus;

  @Column('text')
  team: string;

  @Column({ name: 'routed_role', type: 'text' })
  routedRole: Role;

  @Column({ name: 'opened_by', type: 'text' })
  openedBy: string;

  @Column({ name: 'opened_by_role', type: 'text' })
  openedByRole: Role;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'respond_by', type: 'timestamptz' })
  respondBy: Date;

  /** The ticket policy version in force when the ticket was opened; its limits stay those of that version. */
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  /** When the ticket must be resolved; null for tickets opened under a version without resolution limits. */
  @Column({ name: 'resolution_due_at', type: 'timestamptz', nullable: true })
  resolutionDueAt: Date | null;

  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ name: 'responded_by', type: 'text', nullable: true })
  respondedBy: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  /** When the ticket was escalated for missing its response limit. */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  /** When the ticket was escalated for missing its resolution limit. */
  @Column({ name: 'resolution_escalated_at', type: 'timestamptz', nullable: true })
  resolutionEscalatedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  satisfaction: number | null;

  @Column({ name: 'satisfaction_comment', type: 'text', nullable: true })
  satisfactionComment: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
