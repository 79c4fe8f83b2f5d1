import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, IdArg, mayActFor, NotFoundError, OptionalInputArg, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { ConnectionCase } from '../case/case.entity';
import { Ticket } from './ticket.entity';
import {
  OpenTicketInput,
  RateTicketInput,
  ResolveTicketInput,
  RespondToTicketInput,
  TicketConnection,
  TicketFilter,
} from './ticket.inputs';
import { TICKET_HANDLERS, TICKET_OPENERS, TICKET_RATERS, TICKET_READERS, TicketService } from './ticket.service';
import { CaseModel } from '../case/case.model';
import { TicketModel } from './ticket.model';

@Resolver(() => TicketModel)
export class TicketResolver {
  constructor(private readonly ticketService: TicketService) {}

  @Roles(...TICKET_OPENERS)
  @Mutation(() => TicketModel, {
    description:
      "Open a service ticket on a case (customer, agent, or a clerk on the customer's behalf); it goes to the team that owns the case's next action, with a response limit in hours and a resolution limit in working days by kind",
  })
  openTicket(@CurrentPrincipal() principal: Principal, @Args('input') input: OpenTicketInput) {
    return this.ticketService.open(principal, input);
  }

  @Roles(...TICKET_HANDLERS)
  @Mutation(() => TicketModel, { description: 'Respond to an open ticket: staff of the team it is routed to, or a supervisor' })
  respondToTicket(@CurrentPrincipal() principal: Principal, @Args('input') input: RespondToTicketInput) {
    return this.ticketService.respond(principal, input);
  }

  @Roles(...TICKET_HANDLERS)
  @Mutation(() => TicketModel, { description: 'Record how a responded ticket was resolved: staff of its team, or a supervisor' })
  resolveTicket(@CurrentPrincipal() principal: Principal, @Args('input') input: ResolveTicketInput) {
    return this.ticketService.resolve(principal, input);
  }

  @Roles(...TICKET_RATERS)
  @Mutation(() => TicketModel, { description: 'Rate a resolved ticket from 1 to 5 (the customer or their agent); closes it' })
  rateTicket(@CurrentPrincipal() principal: Principal, @Args('input') input: RateTicketInput) {
    return this.ticketService.rate(principal, input);
  }

  @Roles(...TICKET_READERS)
  @Query(() => TicketConnection, {
    description:
      "Tickets, oldest first: supervisors, auditors and admins see all (filter by status, overdue, resolution overdue, team, kind); other staff their team's; customers and agents their own",
  })
  tickets(
    @CurrentPrincipal() principal: Principal,
    @OptionalInputArg('filter', () => TicketFilter) filter: TicketFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ) {
    return this.ticketService.list(principal, filter, first, after);
  }

  @Roles(...TICKET_READERS)
  @Query(() => TicketModel, { description: 'One ticket; customers and agents see only their own (others are NOT_FOUND)' })
  ticket(@CurrentPrincipal() principal: Principal, @IdArg('id') id: string) {
    return this.ticketService.find(principal, id);
  }

  @Roles(...ROLES)
  @ResolveField(() => Boolean, { description: 'True while the ticket is open past its response limit' })
  overdue(@Parent() ticket: Ticket): boolean {
    return this.ticketService.isOverdue(ticket);
  }

  @Roles(...ROLES)
  @ResolveField(() => Boolean, { description: 'True while the ticket is unresolved (open or responded) past its resolution limit' })
  resolutionOverdue(@Parent() ticket: Ticket): boolean {
    return this.ticketService.isResolutionOverdue(ticket);
  }
}

@Resolver(() => CaseModel)
export class CaseTicketsResolver {
  constructor(private readonly ticketService: TicketService) {}

  @Roles(...ROLES)
  @ResolveField('tickets', () => TicketConnection, { description: 'Service tickets raised on the case, oldest first' })
  caseTickets(
    @Parent() found: ConnectionCase,
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ) {
    if (!mayActFor(principal, found.customerId)) throw new NotFoundError('Case', found.id);
    return this.ticketService.ofCase(found.id, first, after);
  }
}
