import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { TICKET_KINDS, TicketKind } from './ticket-kinds';
import { TICKET_STATUSES, TicketStatus } from './ticket-state';
import { CASE_ACTION_CODES, CaseActionCode } from '@yekuo/events';
import { CaseActionCodeEnum } from '@yekuo/platform';
import { TicketKindEnum, TicketStatusEnum } from '../enums';
import { Connection, MultiLine, Text } from '@yekuo/platform';
import { TicketModel } from './ticket.model';

@InputType({ description: 'Open a service ticket on a case' })
export class OpenTicketInput {
  @Field(() => ID, { description: 'The case the ticket is about' })
  @IsUUID()
  caseId: string;

  @Field(() => TicketKindEnum, { description: 'What the customer raises' })
  @IsIn(TICKET_KINDS)
  kind: TicketKind;

  @Field({ description: 'Short subject line (up to 200 characters)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  subject: string;

  @Field({ description: 'The message (up to 4000 characters)' })
  @Text({ max: 4000, multiline: true })
  message: string;

  @Field(() => CaseActionCodeEnum, {
    nullable: true,
    description:
      "The open action of the case the ticket is about (one of `journey.openActions`); its team answers. Without it, the team of the case's most urgent open action answers",
  })
  @IsOptional()
  @IsIn(CASE_ACTION_CODES)
  concerns?: CaseActionCode;
}

@InputType({ description: 'Answer a ticket as the team that owns it (or a supervisor)' })
export class RespondToTicketInput {
  @Field(() => ID, { description: 'The ticket' })
  @IsUUID()
  ticketId: string;

  @Field({ description: 'The response the customer reads' })
  @Text({ max: 4000, multiline: true })
  response: string;
}

@InputType({ description: 'Record how a responded ticket was resolved' })
export class ResolveTicketInput {
  @Field(() => ID, { description: 'The ticket' })
  @IsUUID()
  ticketId: string;

  @Field({ description: 'How the matter was resolved' })
  @Text({ max: 4000, multiline: true })
  resolution: string;
}

@InputType({ description: "The customer's rating of a resolved ticket; closes it" })
export class RateTicketInput {
  @Field(() => ID, { description: 'The ticket' })
  @IsUUID()
  ticketId: string;

  @Field(() => Int, { description: 'Satisfaction from 1 (very unhappy) to 5 (very happy)' })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction: number;

  @Field({ nullable: true, description: 'A comment with the rating' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  comment?: string;
}

@InputType({ description: 'Narrows a list of tickets' })
export class TicketFilter {
  @Field(() => TicketStatusEnum, { nullable: true, description: 'Where the tickets stand' })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @Field({ nullable: true, description: 'Only open tickets past their response limit (true), or only the others (false)' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field({
    nullable: true,
    description: 'Only unresolved tickets past their resolution limit (true), or only the others, including tickets without one (false)',
  })
  @IsOptional()
  @IsBoolean()
  resolutionOverdue?: boolean;

  @Field({
    nullable: true,
    description: 'Team that answers the tickets (supervisors, auditors and admins; other staff always see their own team)',
  })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'must be a team id' })
  team?: string;

  @Field(() => TicketKindEnum, { nullable: true, description: 'What the tickets raise' })
  @IsOptional()
  @IsIn(TICKET_KINDS)
  kind?: TicketKind;
}

@ObjectType({ description: 'A page of tickets, oldest first' })
export class TicketConnection extends Connection(TicketModel, {
  name: 'Ticket',
  edgeDescription: 'One ticket in a list, with its cursor',
  edgesDescription: 'The tickets of this page',
}) {}
