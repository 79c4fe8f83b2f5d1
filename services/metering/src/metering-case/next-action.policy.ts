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

/** Next actions of metering's own steps, to the team of the case's region. */
export const meteringNextActions = (regionCode?: string | null) =>
  ({
    meterAssigned: () => handOver('metering-technician', 'Install the assigned meter and record the installation', DEFAULT_ORG, regionCode),
    gateOpened: () => handOver('metering-technician', 'Energize the supply', DEFAULT_ORG, regionCode),
    energized: () => handOver('metering-technician', 'Archive the case', DEFAULT_ORG, regionCode),
  }) as const;

/** The next actions where the region is not known. */
export const METERING_NEXT_ACTIONS = meteringNextActions(undefined);
