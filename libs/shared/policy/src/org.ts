import type { Role } from '@yekuo/events';

/** Organisation data: who works where. Loaded as data, replaced per utility. */
export interface Region {
  code: string;
  name: string;
}

export interface Team {
  id: string;
  name: string;
  /** The roles whose work this team takes. */
  roles: Role[];
  regions: string[];
}

export interface Department {
  id: string;
  name: string;
}

export interface OrgData {
  version: string;
  regions: Region[];
  teams: Team[];
  departments: Department[];
}

export const DEFAULT_ORG: OrgData = {
  version: '2026-01',
  regions: [
    { code: '310101', name: 'Huangpu' },
    { code: '310104', name: 'Xuhui' },
    { code: '310115', name: 'Pudong' },
  ],
  teams: [
    { id: 'front-desk', name: 'Front desk', roles: ['intake-clerk'], regions: ['310101', '310104', '310115'] },
    { id: 'survey-east', name: 'Survey team east', roles: ['surveyor'], regions: ['310115'] },
    { id: 'survey-west', name: 'Survey team west', roles: ['surveyor'], regions: ['310101', '310104'] },
    { id: 'planning', name: 'Supply planning', roles: ['planner', 'approver'], regions: ['310101', '310104', '310115'] },
    { id: 'inspection', name: 'Inspection', roles: ['inspector'], regions: ['310101', '310104', '310115'] },
    { id: 'contracts', name: 'Contracts and fees', roles: ['contract-officer'], regions: ['310101', '310104', '310115'] },
    { id: 'metering', name: 'Metering', roles: ['metering-technician'], regions: ['310101', '310104', '310115'] },
  ],
  departments: [
    { id: 'marketing', name: 'Marketing' },
    { id: 'operations', name: 'Operations and maintenance' },
    { id: 'dispatch', name: 'Dispatch' },
    { id: 'metering', name: 'Metering' },
    { id: 'safety', name: 'Safety' },
  ],
};

/** The team that takes work of `role` in `region` (first match), if any. */
export function teamFor(role: Role, region: string, org: OrgData = DEFAULT_ORG): Team | undefined {
  return org.teams.find((t) => t.roles.includes(role) && t.regions.includes(region));
}
