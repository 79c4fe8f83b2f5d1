import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Role } from '@yekuo/events';
import type { TicketKind } from './ticket-kinds';
import type { TicketStatus } from './ticket-state';
import { TicketKindEnum, TicketStatusEnum } from '../enums';
import { RoleEnum } from '@yekuo/platform';

/** The GraphQL shape of `Ticket` (the entity stays free of GraphQL). */
@ObjectType('Ticket', {
  description: 'A service ticket a customer raised on a case: inquiry, complaint, urge (催办) or correction request',
})
export class TicketModel {
  @Field(() => ID, { description: 'Ticket id (uuid)' })
  id: string;

  @Field(() => ID, { description: 'The case the ticket is about' })
  caseId: string;

  @Field({ description: 'Number of the case the ticket is about' })
  caseNumber: string;

  @Field(() => TicketKindEnum, { description: 'What the customer raises' })
  kind: TicketKind;

  @Field({ description: 'Short subject line' })
  subject: string;

  @Field({ description: "The customer's message" })
  message: string;

  @Field(() => TicketStatusEnum, { description: 'Where the ticket stands' })
  status: TicketStatus;

  @Field({ description: "Team that answers the ticket: the owner of the case's next action when it was opened" })
  team: string;

  @Field(() => RoleEnum, { description: 'Role of the staff who answer the ticket' })
  routedRole: Role;

  @Field({ description: 'Who opened the ticket (customer id, agent id or clerk id)' })
  openedBy: string;

  @Field(() => RoleEnum, { description: 'Role of who opened the ticket: CUSTOMER, AGENT or INTAKE_CLERK' })
  openedByRole: Role;

  @Field({ description: 'When the ticket was opened' })
  openedAt: Date;

  @Field({ description: 'When a response is due: the response limit of the kind, in elapsed hours from opening' })
  respondBy: Date;

  @Field({
    description:
      'Version of the ticket policy in force when the ticket was opened; its limits stay those of that version ("2026-01" had no resolution limits)',
  })
  policyVersion: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the matter must be resolved: the resolution limit of the kind in working days (complaints 7, after State Grid\'s commitment), counted from 00:00 of the day after opening on the working calendar; null for tickets opened under policy "2026-01", which had none',
  })
  resolutionDueAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The response to the customer' })
  response: string | null;

  @Field(() => Date, { nullable: true, description: 'When the team responded' })
  respondedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of who responded' })
  respondedBy: string | null;

  @Field(() => String, { nullable: true, description: 'How the matter was resolved' })
  resolution: string | null;

  @Field(() => Date, { nullable: true, description: 'When the ticket was resolved' })
  resolvedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of who resolved the ticket' })
  resolvedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When the ticket was escalated to a supervisor for missing its response limit' })
  escalatedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the ticket was escalated to a supervisor for missing its resolution limit',
  })
  resolutionEscalatedAt: Date | null;

  @Field(() => Int, { nullable: true, description: "The customer's satisfaction, 1 (very unhappy) to 5 (very happy)" })
  satisfaction: number | null;

  @Field(() => String, { nullable: true, description: "The customer's comment with the rating" })
  satisfactionComment: string | null;

  @Field(() => Date, { nullable: true, description: 'When the customer rated and so closed the ticket' })
  closedAt: Date | null;
}
