import { DEFAULT_ORG, OrgData, teamFor } from '@yekuo/policy';
import { NextAction, Role } from '@yekuo/events';

/** The team that answers when nobody else can be named: the intake front desk. */
export const FRONT_DESK_TEAM = 'front-desk';

/** Roles that never answer tickets: the customer side. */
const CUSTOMER_SIDE: readonly Role[] = ['customer', 'agent'];

export interface TicketRoute {
  role: Role;
  team: string;
}

/**
 * Who answers a ticket: the team that owns the case's next action, as the latest stage event
 * named it; else the team of that role for the case's region in the org data. When the next
 * action is the customer's own (e.g. resubmitting after a return notice), or none is known, the
 * front desk of the region answers.
 */
export function routeTicket(nextAction: NextAction | null | undefined, regionCode: string, org: OrgData = DEFAULT_ORG): TicketRoute {
  if (nextAction && !CUSTOMER_SIDE.includes(nextAction.role)) {
    const team = nextAction.team ?? teamFor(nextAction.role, regionCode, org)?.id;
    if (team) return { role: nextAction.role, team };
  }
  return { role: 'intake-clerk', team: teamFor('intake-clerk', regionCode, org)?.id ?? FRONT_DESK_TEAM };
}
