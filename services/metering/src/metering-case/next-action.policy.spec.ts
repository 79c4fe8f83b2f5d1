import { DEFAULT_ORG, OrgData } from '@yekuo/policy';
import { nextAction } from '@yekuo/events';
import { handOver, METERING_NEXT_ACTIONS } from './next-action.policy';

describe('metering next actions', () => {
  it('names the one team that takes the role', () => {
    expect(handOver('metering-technician', 'go')).toEqual({
      role: 'metering-technician',
      team: 'metering',
      description: 'go',
    });
  });

  it('leaves the team out when no team, or more than one, takes the role', () => {
    expect(handOver('supervisor', 'look')).toEqual({
      role: 'supervisor',
      description: 'look',
    });
    const twoTeams: OrgData = {
      ...DEFAULT_ORG,
      teams: [
        ...DEFAULT_ORG.teams,
        {
          id: 'metering-2',
          name: 'Metering 2',
          roles: ['metering-technician'],
          regions: ['310101'],
        },
      ],
    };
    expect(handOver('metering-technician', 'go', twoTeams)).toEqual({
      role: 'metering-technician',
      description: 'go',
    });
  });

  it('hands the opened gate and the energized case to the metering technician, as the catalog accepts', () => {
    expect(METERING_NEXT_ACTIONS.gateOpened()).toEqual({
      role: 'metering-technician',
      team: 'metering',
      description: 'Energize the supply',
    });
    expect(METERING_NEXT_ACTIONS.energized()).toEqual({
      role: 'metering-technician',
      team: 'metering',
      description: 'Archive the case',
    });
    expect(METERING_NEXT_ACTIONS.meterAssigned().role).toBe('metering-technician');
    for (const make of Object.values(METERING_NEXT_ACTIONS)) expect(nextAction.safeParse(make()).success).toBe(true);
  });

  it("names the team of the case's region when more than one team could act, and falls back without a region", () => {
    const org = {
      ...DEFAULT_ORG,
      teams: [
        { id: 'east', name: 'East', roles: ['metering-technician' as const], regions: ['310115'] },
        { id: 'west', name: 'West', roles: ['metering-technician' as const], regions: ['310104'] },
      ],
    };
    expect(handOver('metering-technician', 'x', org, '310104')).toEqual({ role: 'metering-technician', team: 'west', description: 'x' });
    expect(handOver('metering-technician', 'x', org, '310115')).toEqual({ role: 'metering-technician', team: 'east', description: 'x' });
    expect(handOver('metering-technician', 'x', org, null)).toEqual({ role: 'metering-technician', description: 'x' });
    expect(handOver('metering-technician', 'x', org, '999999')).toEqual({ role: 'metering-technician', description: 'x' });
  });
});
