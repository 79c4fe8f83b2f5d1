import { StateMachine } from '@yekuo/policy';

export const TICKET_STATUSES = ['OPEN', 'RESPONDED', 'RESOLVED', 'CLOSED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export type TicketAction = 'respondToTicket' | 'resolveTicket' | 'rateTicket';

/** A ticket is answered, then resolved, then closed by the customer's rating. */
export const ticketStateMachine = new StateMachine<TicketStatus, TicketAction>({
  respondToTicket: { from: ['OPEN'], to: 'RESPONDED' },
  resolveTicket: { from: ['RESPONDED'], to: 'RESOLVED' },
  rateTicket: { from: ['RESOLVED'], to: 'CLOSED' },
});
