import { DEFAULT_ORG, OrgData, teamFor } from '@yekuo/policy';
import { NextAction, Role } from '@yekuo/events';

/**
 * Hands the case to `role`, naming the team of the case's region that takes such work.
 * Where the copy has no region yet (opened before events carried it), the team is named
 * only when one team alone takes such work in the organisation data.
 */
export function handOver(role: Role, description: string, org: OrgData = DEFAULT_ORG, regionCode?: string | null): NextAction {
  const regional = regionCode ? teamFor(role, regionCode, org) : undefined;
  if (regional) return { role, team: regional.id, description };
  const teams = org.teams.filter((t) => t.roles.includes(role));
  return teams.length === 1 ? { role, team: teams[0].id, description } : { role, description };
}

/** Who acts next after each inspection step in the case's region (data: descriptions front ends show as they are). */
export const inspectionNextActions = (regionCode?: string | null) => {
  const to = (role: Role, description: string) => handOver(role, description, DEFAULT_ORG, regionCode);
  return {
    designSubmitted: (round: number) => to('inspector', `Review the design drawings of round ${round}`),
    designApproved: () => to('customer', 'Build with a qualified construction unit of your choice and record the start of construction'),
    designReturned: (round: number) => to('customer', `Revise the design per the comments of round ${round} and submit it again`),
    constructionStarted: (intermediateInspected: boolean) =>
      intermediateInspected
        ? to('customer', 'Build the concealed works and request the intermediate inspection before covering them')
        : to('customer', 'Finish construction, then request completion acceptance'),
    intermediateRequested: (round: number) => to('inspector', `Carry out intermediate inspection round ${round} and record the result`),
    intermediatePassed: () => to('customer', 'Finish construction, then request completion acceptance'),
    intermediateFailed: (round: number) =>
      to('customer', `Rectify the items of intermediate inspection round ${round} and request the inspection again`),
    acceptanceRequested: (departments: readonly string[]) =>
      to('department-signer', `Countersign the completion acceptance: ${departments.join(', ')}`),
    countersignPending: (pending: readonly string[]) =>
      to('department-signer', `Countersign the completion acceptance; still to sign: ${pending.join(', ')}`),
    acceptancePassed: () => to('metering-technician', 'Energize once every gate condition holds'),
    acceptanceFailed: () => to('customer', 'Rectify every item and request acceptance again'),
  } as const;
};

/** The next actions where the region is not known. */
export const INSPECTION_NEXT_ACTIONS = inspectionNextActions(undefined);
