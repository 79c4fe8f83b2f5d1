import { InvalidTransitionError } from '@yekuo/platform';
import { responseDueAt, TICKET_KIND_POLICY, TICKET_KINDS } from './ticket-kinds';
import { TICKET_STATUSES, TicketAction, ticketStateMachine } from './ticket-state';

describe('ticketStateMachine', () => {
  const allowed: Record<TicketAction, string> = { respondToTicket: 'OPEN', resolveTicket: 'RESPONDED', rateTicket: 'RESOLVED' };

  for (const [action, from] of Object.entries(allowed) as [TicketAction, string][]) {
    for (const status of TICKET_STATUSES) {
      it(`${action} from ${status} is ${status === from ? 'allowed' : 'refused with INVALID_TRANSITION'}`, () => {
        if (status === from) expect(TICKET_STATUSES).toContain(ticketStateMachine.next(status, action));
        else expect(() => ticketStateMachine.next(status, action)).toThrow(InvalidTransitionError);
      });
    }
  }

  it('walks OPEN → RESPONDED → RESOLVED → CLOSED', () => {
    let status = ticketStateMachine.next('OPEN', 'respondToTicket');
    status = ticketStateMachine.next(status, 'resolveTicket');
    expect(ticketStateMachine.next(status, 'rateTicket')).toBe('CLOSED');
  });
});

describe('ticket response limits', () => {
  it('has a positive limit for every kind, shortest for an urge', () => {
    for (const kind of TICKET_KINDS) expect(TICKET_KIND_POLICY[kind].responseLimitHours).toBeGreaterThan(0);
    const shortest = TICKET_KINDS.reduce((a, b) =>
      TICKET_KIND_POLICY[a].responseLimitHours <= TICKET_KIND_POLICY[b].responseLimitHours ? a : b,
    );
    expect(shortest).toBe('URGE');
  });

  it('counts elapsed hours from opening', () => {
    expect(responseDueAt('URGE', new Date('2026-03-06T16:00:00Z')).toISOString()).toBe('2026-03-06T20:00:00.000Z');
    expect(responseDueAt('COMPLAINT', new Date('2026-03-06T16:00:00Z')).toISOString()).toBe('2026-03-07T16:00:00.000Z');
  });
});
