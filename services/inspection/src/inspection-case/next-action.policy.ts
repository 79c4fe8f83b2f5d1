import { DEFAULT_ORG, OrgData } from '@yekuo/policy';
import { NextAction, Role } from '@yekuo/events';

/**
 * Hands the case to `role`. Inspection's copy of a case carries no region (the
 * confirmed-scheme event has none), so the team is named only when one team alone
 * takes such work in the organisation data.
 */
export function handOver(role: Role, description: string, org: OrgData = DEFAULT_ORG): NextAction {
  const teams = org.teams.filter((t) => t.roles.includes(role));
  return teams.length === 1 ? { role, team: teams[0].id, description } : { role, description };
}

/** Who acts next after each inspection step (data: descriptions front ends show as they are). */
export const INSPECTION_NEXT_ACTIONS = {
  designSubmitted: (round: number) => handOver('inspector', `Review the design drawings of round ${round}`),
  designApproved: () =>
    handOver('customer', 'Build with a qualified construction unit of your choice and record the start of construction'),
  designReturned: (round: number) => handOver('customer', `Revise the design per the comments of round ${round} and submit it again`),
  intermediatePassed: () => handOver('customer', 'Finish construction, then request completion acceptance'),
  intermediateFailed: (round: number) =>
    handOver('customer', `Rectify the items of intermediate inspection round ${round} and request the inspection again`),
  acceptanceRequested: (departments: readonly string[]) =>
    handOver('department-signer', `Countersign the completion acceptance: ${departments.join(', ')}`),
  countersignPending: (pending: readonly string[]) =>
    handOver('department-signer', `Countersign the completion acceptance; still to sign: ${pending.join(', ')}`),
  acceptancePassed: () => handOver('metering-technician', 'Energize once every gate condition holds'),
  acceptanceFailed: () => handOver('customer', 'Rectify every item and request acceptance again'),
} as const;
