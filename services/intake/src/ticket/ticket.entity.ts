import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Role } from '@yekuo/events';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketKind } from './ticket-kinds';
import type { TicketStatus } from './ticket-state';

/** A customer's inquiry, complaint, urge or correction request on a case (service channel, 服务渠道). */
@ObjectType('Ticket', {
  description: 'A service ticket a customer raised on a case: inquiry, complaint, urge (催办) or correction request',
})
@Entity({ name: 'ticket' })
@Index('ticket_case', ['caseId', 'seq'])
@Index('ticket_customer', ['customerId', 'seq'])
@Index('ticket_team_status', ['team', 'status', 'seq'])
export class Ticket {
  @Field(() => ID, { description: 'Ticket id (uuid)' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Opening order; the cursor of ticket lists. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Field(() => ID, { description: 'The case the ticket is about' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field({ description: 'Number of the case the ticket is about' })
  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => String, { description: 'INQUIRY, COMPLAINT, URGE or CORRECTION_REQUEST' })
  @Column('text')
  kind: TicketKind;

  @Field({ description: 'Short subject line' })
  @Column('text')
  subject: string;

  @Field({ description: "The customer's message" })
  @Column('text')
  message: string;

  @Field(() => String, { description: 'OPEN, RESPONDED, RESOLVED or CLOSED (after the customer rated it)' })
  @Column('text')
  status: TicketStatus;

  @Field({ description: "Team that answers the ticket: the owner of the case's next action when it was opened" })
  @Column('text')
  team: string;

  @Field(() => String, { description: 'Role of the staff who answer the ticket' })
  @Column({ name: 'routed_role', type: 'text' })
  routedRole: Role;

  @Field({ description: 'Who opened the ticket (customer id, agent id or clerk id)' })
  @Column({ name: 'opened_by', type: 'text' })
  openedBy: string;

  @Field(() => String, { description: 'Role of who opened the ticket: customer, agent or intake-clerk' })
  @Column({ name: 'opened_by_role', type: 'text' })
  openedByRole: Role;

  @Field({ description: 'When the ticket was opened' })
  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Field({ description: 'When a response is due (response limit of the kind)' })
  @Column({ name: 'respond_by', type: 'timestamptz' })
  respondBy: Date;

  @Field(() => String, { nullable: true, description: 'The response to the customer' })
  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Field(() => Date, { nullable: true, description: 'When the team responded' })
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of who responded' })
  @Column({ name: 'responded_by', type: 'text', nullable: true })
  respondedBy: string | null;

  @Field(() => String, { nullable: true, description: 'How the matter was resolved' })
  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Field(() => Date, { nullable: true, description: 'When the ticket was resolved' })
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of who resolved the ticket' })
  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When the ticket was escalated to a supervisor for missing its response limit' })
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Field(() => Int, { nullable: true, description: "The customer's satisfaction, 1 (very unhappy) to 5 (very happy)" })
  @Column({ type: 'int', nullable: true })
  satisfaction: number | null;

  @Field(() => String, { nullable: true, description: "The customer's comment with the rating" })
  @Column({ name: 'satisfaction_comment', type: 'text', nullable: true })
  satisfactionComment: string | null;

  @Field(() => Date, { nullable: true, description: 'When the customer rated and so closed the ticket' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
