import { Inject, Injectable } from '@nestjs/common';
import { Actor, Role, STAFF_ROLES } from '@yekuo/events';
import {
  actorOf,
  DomainError,
  ErrorCode,
  ForbiddenError,
  hasRole,
  mayActFor,
  NotFoundError,
  pageArgs,
  Principal,
  TIME_SOURCE,
  TimeSource,
  toPage,
  UnitOfWork,
  Work,
} from '@yekuo/platform';
import { WorkingCalendar } from '@yekuo/timelimits';
import { isUUID } from 'class-validator';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { payloadOfCase } from '../case/case-payload';
import { ConnectionCase } from '../case/case.entity';
import { JourneyService } from '../journey/journey.service';
import { resolutionDueAt, responseDueAt, TICKET_POLICY_VERSION, ticketKindPolicy } from './ticket-kinds';
import { routeTicketByActions } from './ticket-routing';
import { TicketAction, ticketStateMachine } from './ticket-state';
import { Ticket } from './ticket.entity';
import {
  OpenTicketInput,
  RateTicketInput,
  ResolveTicketInput,
  RespondToTicketInput,
  TicketConnection,
  TicketFilter,
} from './ticket.inputs';

/** Who may open a ticket: the customer, an agent for the customer, a clerk on their behalf. */
export const TICKET_OPENERS: readonly Role[] = ['customer', 'agent', 'intake-clerk'];
/** Who may answer and resolve: staff of the owning team, and supervisors for any ticket (auditors and admins only read). */
export const TICKET_HANDLERS: readonly Role[] = STAFF_ROLES.filter((role) => role !== 'auditor' && role !== 'admin');
/** Who escalates a ticket whose response or resolution limit passed: no person, the monitor acting for the supervisors. */
export const SERVICE_CHANNEL_MONITOR: Actor = { id: 'service-channel-monitor', role: 'supervisor' };
/** Who rates a resolved ticket, closing it. */
export const TICKET_RATERS: readonly Role[] = ['customer', 'agent'];
/** Who sees every ticket. */
export const TICKET_OVERSEERS: readonly Role[] = ['supervisor', 'auditor', 'admin'];
export const TICKET_READERS: readonly Role[] = [...new Set<Role>([...TICKET_OPENERS, ...TICKET_HANDLERS, ...TICKET_OVERSEERS])];

/** The limits a ticket is escalated for missing, each once. */
export type TicketLimit = 'RESPONSE' | 'RESOLUTION';

/** Per limit: the tickets still bound by it, the due-time column and the column that marks the escalation. */
const ESCALATIONS: Record<TicketLimit, { unresolved: string; dueColumn: string; escalatedColumn: string }> = {
  RESPONSE: { unresolved: `status = 'OPEN'`, dueColumn: 'respond_by', escalatedColumn: 'escalated_at' },
  RESOLUTION: { unresolved: `status IN ('OPEN', 'RESPONDED')`, dueColumn: 'resolution_due_at', escalatedColumn: 'resolution_escalated_at' },
};

/** A ticket about an action the case does not have open: names the field and the actions that are open. */
class ConcernsNotOpenError extends DomainError {
  constructor(concerns: string, open: string[]) {
    const openNow = open.length > 0 ? `the open actions are ${open.join(', ')}` : 'no action is open';
    super(`Invalid input: input.concerns ${concerns} is not an open action of the case; ${openNow}`, {
      code: ErrorCode.VALIDATION_FAILED,
      fields: [{ field: 'input.concerns', message: `must be one of the case's open actions (${open.join(', ') || 'none'})` }],
      openActions: open,
    });
  }
}

/** A ticket list's keyset position: the opening order (`seq`). */
const parseSeq = (value: unknown) => (typeof value === 'string' && /^\d{1,18}$/.test(value) ? value : undefined);

/** The service channel: tickets on a case, routed to the team of the open action they concern, else of the most urgent one. */
@Injectable()
export class TicketService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly journeys: JourneyService,
    private readonly calendar: WorkingCalendar,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async open(principal: Principal, input: OpenTicketInput): Promise<Ticket> {
    const actor = actorOf(principal, TICKET_OPENERS);
    return this.unitOfWork.run(async (work) => {
      const found = await work.manager.findOne(ConnectionCase, { where: { id: input.caseId } });
      if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', input.caseId);
      const openActions = await this.journeys.openActionsOf(work.manager, found.id, found.category);
      if (input.concerns && !openActions.some((action) => action.code === input.concerns)) {
        throw new ConcernsNotOpenError(
          input.concerns,
          openActions.map((action) => action.code),
        );
      }
      const route = routeTicketByActions(openActions, found.application.regionCode, input.concerns);
      const openedAt = this.time.now();
      const ticket = await work.manager.save(
        work.manager.create(Ticket, {
          caseId: found.id,
          caseNumber: found.number,
          customerId: found.customerId,
          kind: input.kind,
          subject: input.subject,
          message: input.message,
          status: 'OPEN',
          team: route.team,
          routedRole: route.role,
          openedBy: actor.id,
          openedByRole: actor.role,
          openedAt,
          policyVersion: TICKET_POLICY_VERSION,
          respondBy: responseDueAt(input.kind, openedAt, TICKET_POLICY_VERSION),
          resolutionDueAt: resolutionDueAt(input.kind, openedAt, this.calendar, TICKET_POLICY_VERSION),
          response: null,
          respondedAt: null,
          respondedBy: null,
          resolution: null,
          resolvedAt: null,
          resolvedBy: null,
          escalatedAt: null,
          resolutionEscalatedAt: null,
          satisfaction: null,
          satisfactionComment: null,
          closedAt: null,
        }),
      );
      await work.publish('intake.ticket.opened.v1', {
        ...payloadOfCase(found, actor),
        nextAction: {
          role: route.role,
          team: route.team,
          description: `Respond to the customer's ${ticketKindPolicy(input.kind, ticket.policyVersion).description} by ${ticket.respondBy.toISOString()}`,
        },
        ticketId: ticket.id,
        kind: ticket.kind,
      });
      return work.manager.findOneOrFail(Ticket, { where: { id: ticket.id } });
    });
  }

  respond(principal: Principal, input: RespondToTicketInput): Promise<Ticket> {
    const actor = actorOf(principal, TICKET_HANDLERS);
    return this.transition(principal, input.ticketId, 'respondToTicket', async (ticket, work) => {
      const respondedAt = this.time.now();
      Object.assign(ticket, { response: input.response, respondedAt, respondedBy: actor.id });
      await work.manager.save(ticket);
      const found = await work.manager.findOneOrFail(ConnectionCase, { where: { id: ticket.caseId } });
      const resolveBy = ticket.resolutionDueAt ? ` by ${ticket.resolutionDueAt.toISOString()}` : '';
      // The response itself may carry personal data: the event says only that and when the team answered.
      await work.publish('intake.ticket.responded.v1', {
        ...payloadOfCase(found, actor),
        nextAction: { role: ticket.routedRole, team: ticket.team, description: `Resolve the customer's ticket${resolveBy}` },
        ticketId: ticket.id,
        kind: ticket.kind,
        respondedAt: respondedAt.toISOString(),
        respondBy: ticket.respondBy.toISOString(),
        withinLimit: respondedAt.getTime() <= ticket.respondBy.getTime(),
        ...(ticket.resolutionDueAt ? { resolutionDueAt: ticket.resolutionDueAt.toISOString() } : {}),
      });
    });
  }

  resolve(principal: Principal, input: ResolveTicketInput): Promise<Ticket> {
    const actor = actorOf(principal, TICKET_HANDLERS);
    return this.transition(principal, input.ticketId, 'resolveTicket', async (ticket, work) => {
      Object.assign(ticket, { resolution: input.resolution, resolvedAt: this.time.now(), resolvedBy: actor.id });
      await work.manager.save(ticket);
      const found = await work.manager.findOneOrFail(ConnectionCase, { where: { id: ticket.caseId } });
      await work.publish('intake.ticket.resolved.v1', {
        ...payloadOfCase(found, actor),
        nextAction: { role: 'customer', description: 'Rate how your ticket was resolved' },
        ticketId: ticket.id,
        kind: ticket.kind,
      });
    });
  }

  rate(principal: Principal, input: RateTicketInput): Promise<Ticket> {
    const actor = actorOf(principal, TICKET_RATERS);
    return this.transition(principal, input.ticketId, 'rateTicket', async (ticket, work) => {
      const closedAt = this.time.now();
      Object.assign(ticket, { satisfaction: input.satisfaction, satisfactionComment: input.comment ?? null, closedAt });
      await work.manager.save(ticket);
      const found = await work.manager.findOneOrFail(ConnectionCase, { where: { id: ticket.caseId } });
      // The comment stays here: free text may carry personal data, the score does not.
      await work.publish('intake.ticket.rated.v1', {
        ...payloadOfCase(found, actor),
        ticketId: ticket.id,
        kind: ticket.kind,
        satisfaction: input.satisfaction,
        closedAt: closedAt.toISOString(),
      });
    });
  }

  /**
   * Escalates to a supervisor, once per limit, every ticket whose response limit passed by `now`
   * while still open, and every ticket whose resolution limit passed while still unresolved.
   * Rows are claimed with `FOR UPDATE SKIP LOCKED`, so instances sweeping at the same moment
   * split the work instead of escalating a ticket twice.
   */
  async escalateDue(now: Date = this.time.now(), batchSize = 100): Promise<number> {
    let total = 0;
    for (const limit of ['RESPONSE', 'RESOLUTION'] as const) {
      const { unresolved, dueColumn, escalatedColumn } = ESCALATIONS[limit];
      for (;;) {
        const escalated = await this.unitOfWork.run(async (work) => {
          const due = await work.manager.query<{ id: string }[]>(
            `SELECT id FROM ticket WHERE ${unresolved} AND ${escalatedColumn} IS NULL AND ${dueColumn} <= $1
             ORDER BY ${dueColumn} LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [now, batchSize],
          );
          for (const { id } of due) await this.escalate(work, id, limit, now);
          return due.length;
        });
        total += escalated;
        if (escalated < batchSize) break;
      }
    }
    return total;
  }

  private async escalate(work: Work, id: string, limit: TicketLimit, now: Date): Promise<void> {
    const ticket = await work.manager.findOneOrFail(Ticket, { where: { id } });
    const dueAt = limit === 'RESPONSE' ? ticket.respondBy : ticket.resolutionDueAt;
    if (!dueAt) throw new Error(`Ticket ${id} has no ${limit.toLowerCase()} limit to escalate`);
    if (limit === 'RESPONSE') ticket.escalatedAt = now;
    else ticket.resolutionEscalatedAt = now;
    await work.manager.save(ticket);
    const found = await work.manager.findOneOrFail(ConnectionCase, { where: { id: ticket.caseId } });
    const missed =
      limit === 'RESPONSE'
        ? `missed its response limit (${dueAt.toISOString()}); see that the customer is answered`
        : `missed its resolution limit (${dueAt.toISOString()}); see that the matter is resolved`;
    await work.publish('intake.ticket.escalated.v1', {
      // Nobody acted: the limit passed, and the service-channel monitor hands the ticket to the supervisors.
      ...payloadOfCase(found, SERVICE_CHANNEL_MONITOR),
      nextAction: { role: 'supervisor', description: `Ticket of team ${ticket.team} ${missed}` },
      ticketId: ticket.id,
      kind: ticket.kind,
      limit,
      dueAt: dueAt.toISOString(),
    });
  }

  async find(principal: Principal, id: string): Promise<Ticket> {
    const ticket = isUUID(id) ? await this.dataSource.manager.findOne(Ticket, { where: { id } }) : null;
    if (!ticket || !this.maySee(principal, ticket)) throw new NotFoundError('Ticket', id);
    return ticket;
  }

  /** Tickets the principal may see: their own (customer, agent), their team's (staff) or all (supervisors, auditors, admins). */
  list(principal: Principal, filter: TicketFilter | undefined, first: number, after: string | undefined): Promise<TicketConnection> {
    const page = pageArgs(first, after, parseSeq);
    const query = this.dataSource.manager.createQueryBuilder(Ticket, 't');
    if (!hasRole(principal, ...TICKET_OVERSEERS)) {
      query.andWhere(
        new Brackets((visible) => {
          visible.where('1 = 0');
          if (hasRole(principal, 'customer')) visible.orWhere('t.customer_id = :self', { self: principal.sub });
          if (hasRole(principal, 'agent') && principal.actsFor.length > 0)
            visible.orWhere('t.customer_id IN (:...actsFor)', { actsFor: principal.actsFor });
          if (hasRole(principal, ...TICKET_HANDLERS)) {
            if (principal.team) visible.orWhere('t.team = :ownTeam', { ownTeam: principal.team });
            else visible.orWhere('t.routed_role IN (:...ownRoles)', { ownRoles: principal.roles });
          }
        }),
      );
    }
    return this.page(this.filtered(query, filter), page.first, page.after);
  }

  /** The tickets of a case the principal may see (the resolver has checked the case itself). */
  ofCase(caseId: string, first: number, after: string | undefined): Promise<TicketConnection> {
    const page = pageArgs(first, after, parseSeq);
    return this.page(
      this.dataSource.manager.createQueryBuilder(Ticket, 't').where('t.case_id = :caseId', { caseId }),
      page.first,
      page.after,
    );
  }

  isOverdue(ticket: Ticket): boolean {
    return ticket.status === 'OPEN' && ticket.respondBy.getTime() <= this.time.now().getTime();
  }

  /** Unresolved past the resolution limit (never for a ticket opened under a version without one). */
  isResolutionOverdue(ticket: Ticket): boolean {
    return (
      (ticket.status === 'OPEN' || ticket.status === 'RESPONDED') &&
      ticket.resolutionDueAt !== null &&
      ticket.resolutionDueAt.getTime() <= this.time.now().getTime()
    );
  }

  private filtered(query: SelectQueryBuilder<Ticket>, filter: TicketFilter | undefined): SelectQueryBuilder<Ticket> {
    if (filter?.status) query.andWhere('t.status = :status', { status: filter.status });
    if (filter?.kind) query.andWhere('t.kind = :kind', { kind: filter.kind });
    if (filter?.team) query.andWhere('t.team = :team', { team: filter.team });
    if (filter?.overdue === true) query.andWhere(`t.status = 'OPEN' AND t.respond_by <= :now`, { now: this.time.now() });
    if (filter?.overdue === false) query.andWhere(`NOT (t.status = 'OPEN' AND t.respond_by <= :now)`, { now: this.time.now() });
    const resolutionOverdue = `t.status IN ('OPEN', 'RESPONDED') AND t.resolution_due_at <= :now`;
    if (filter?.resolutionOverdue === true) query.andWhere(resolutionOverdue, { now: this.time.now() });
    // A ticket without a resolution limit is never overdue for it (the comparison is null, so NOT ... would drop it).
    if (filter?.resolutionOverdue === false) query.andWhere(`(${resolutionOverdue}) IS NOT TRUE`, { now: this.time.now() });
    return query;
  }

  private async page(query: SelectQueryBuilder<Ticket>, first: number, after: string | undefined): Promise<TicketConnection> {
    if (after) query.andWhere('t.seq > :after', { after });
    const rows = await query
      .orderBy('t.seq', 'ASC')
      .take(first + 1)
      .getMany();
    return toPage(rows, first, (row) => row.seq);
  }

  /** Staff work on every case, so they see every ticket; customers and agents only their own (others are NOT_FOUND). */
  private maySee(principal: Principal, ticket: Ticket): boolean {
    return mayActFor(principal, ticket.customerId);
  }

  private handles(principal: Principal, ticket: Ticket): boolean {
    if (hasRole(principal, 'supervisor')) return true;
    if (principal.team) return principal.team === ticket.team;
    return principal.roles.includes(ticket.routedRole);
  }

  private assertHandles(principal: Principal, ticket: Ticket): void {
    if (!this.handles(principal, ticket)) throw new ForbiddenError(`Ticket ${ticket.id} is answered by team ${ticket.team}`);
  }

  /** Locks the ticket, hides it from who may not see it, checks the transition, then applies `change`. */
  private transition(principal: Principal, ticketId: string, action: TicketAction, change: (ticket: Ticket, work: Work) => Promise<void>) {
    return this.unitOfWork.run(async (work) => {
      const ticket = await work.manager.findOne(Ticket, { where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
      if (!ticket || !this.maySee(principal, ticket)) throw new NotFoundError('Ticket', ticketId);
      if (action !== 'rateTicket') this.assertHandles(principal, ticket);
      ticket.status = ticketStateMachine.next(ticket.status, action);
      await change(ticket, work);
      return ticket;
    });
  }
}
