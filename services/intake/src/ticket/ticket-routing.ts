import { DEFAULT_ORG, OrgData, teamFor } from '@yekuo/policy';
import { CaseActionCode, NextAction, Role } from '@yekuo/events';

/** The team that answers when nobody else can be named: the intake front desk. */
export const FRONT_DESK_TEAM = 'front-desk';

/** Roles that never answer tickets: the customer side. */
const CUSTOMER_SIDE: readonly Role[] = ['customer', 'agent'];

export interface TicketRoute {
  role: Role;
  team: string;
}

/** An open action of the case, as routing reads it. */
export interface RoutableAction {
  code: CaseActionCode;
  role: Role;
  team?: string | null;
  description: string;
}

/**
 * Who answers a ticket about `nextAction`: the team it names; else the team of that role for the
 * case's region in the org data. When the action is the customer's own (e.g. resubmitting after a
 * return notice), or none is known, the front desk of the region answers.
 */
export function routeTicket(nextAction: NextAction | null | undefined, regionCode: string, org: OrgData = DEFAULT_ORG): TicketRoute {
  if (nextAction && !CUSTOMER_SIDE.includes(nextAction.role)) {
    const team = nextAction.team ?? teamFor(nextAction.role, regionCode, org)?.id;
    if (team) return { role: nextAction.role, team };
  }
  return { role: 'intake-clerk', team: teamFor('intake-clerk', regionCode, org)?.id ?? FRONT_DESK_TEAM };
}

/**
 * Who answers a ticket on a case with these open actions (most urgent first, as the journey lists
 * them): the team of the action the ticket concerns when that action is open, else the team of the
 * most urgent open action; the front desk when that action is the customer's or none is open.
 */
export function routeTicketByActions(
  openActions: readonly RoutableAction[],
  regionCode: string,
  concerns?: CaseActionCode | null,
  org: OrgData = DEFAULT_ORG,
): TicketRoute {
  const action = (concerns ? openActions.find((open) => open.code === concerns) : undefined) ?? openActions[0];
  return routeTicket(
    action ? { role: action.role, ...(action.team ? { team: action.team } : {}), description: action.description } : null,
    regionCode,
    org,
  );
}
