import { DEFAULT_ORG, OrgData } from '@yekuo/policy';
import { NextAction, Role } from '@yekuo/events';

/**
 * Hands the case to `role`, naming the team that takes such work when exactly one
 * team does. (The scheme confirmation carries no region, so metering cannot pick a
 * team by region; with one metering team in the org data this names it.)
 */
export function handOver(role: Role, description: string, org: OrgData = DEFAULT_ORG): NextAction {
  const teams = org.teams.filter((t) => t.roles.includes(role));
  return teams.length === 1 ? { role, team: teams[0].id, description } : { role, description };
}

/** Next actions of metering's own steps. */
export const METERING_NEXT_ACTIONS = {
  meterAssigned: () => handOver('metering-technician', 'Install the assigned meter and record the installation'),
  gateOpened: () => handOver('metering-technician', 'Energize the supply'),
  energized: () => handOver('metering-technician', 'Archive the case'),
} as const;
