import { DEFAULT_ORG } from '@yekuo/policy';
import { nextAction } from '@yekuo/events';
import { handOver, INSPECTION_NEXT_ACTIONS } from './next-action.policy';

describe('inspection next actions', () => {
  it('names the team only when one team alone takes the role', () => {
    expect(handOver('inspector', 'x')).toEqual({ role: 'inspector', team: 'inspection', description: 'x' });
    expect(handOver('metering-technician', 'x')).toEqual({ role: 'metering-technician', team: 'metering', description: 'x' });
    expect(handOver('customer', 'x')).toEqual({ role: 'customer', description: 'x' });
    // Two survey teams split by region: without the region, no team is named.
    expect(handOver('surveyor', 'x')).toEqual({ role: 'surveyor', description: 'x' });
    expect(handOver('inspector', 'x', { ...DEFAULT_ORG, teams: [] })).toEqual({ role: 'inspector', description: 'x' });
  });

  it('hands acceptance to metering when passed and to the customer when failed, as the brief words it', () => {
    expect(INSPECTION_NEXT_ACTIONS.acceptancePassed()).toEqual({
      role: 'metering-technician',
      team: 'metering',
      description: 'Energize once every gate condition holds',
    });
    expect(INSPECTION_NEXT_ACTIONS.acceptanceFailed()).toEqual({
      role: 'customer',
      description: 'Rectify every item and request acceptance again',
    });
  });

  it('produces next actions the event catalog accepts for every step', () => {
    const all = [
      INSPECTION_NEXT_ACTIONS.designSubmitted(2),
      INSPECTION_NEXT_ACTIONS.designApproved(),
      INSPECTION_NEXT_ACTIONS.designReturned(1),
      INSPECTION_NEXT_ACTIONS.intermediatePassed(),
      INSPECTION_NEXT_ACTIONS.intermediateFailed(1),
      INSPECTION_NEXT_ACTIONS.acceptanceRequested(['marketing', 'safety']),
      INSPECTION_NEXT_ACTIONS.countersignPending(['safety']),
      INSPECTION_NEXT_ACTIONS.acceptancePassed(),
      INSPECTION_NEXT_ACTIONS.acceptanceFailed(),
    ];
    for (const action of all) expect(nextAction.safeParse(action).success).toBe(true);
    expect(INSPECTION_NEXT_ACTIONS.designSubmitted(2)).toEqual({
      role: 'inspector',
      team: 'inspection',
      description: 'Review the design drawings of round 2',
    });
    expect(INSPECTION_NEXT_ACTIONS.acceptanceRequested(['marketing', 'safety'])).toMatchObject({
      role: 'department-signer',
      description: 'Countersign the completion acceptance: marketing, safety',
    });
  });

  it("names the team of the case's region when more than one team could act, and falls back without a region", () => {
    const org = {
      ...DEFAULT_ORG,
      teams: [
        { id: 'east', name: 'East', roles: ['inspector' as const], regions: ['310115'] },
        { id: 'west', name: 'West', roles: ['inspector' as const], regions: ['310104'] },
      ],
    };
    expect(handOver('inspector', 'x', org, '310104')).toEqual({ role: 'inspector', team: 'west', description: 'x' });
    expect(handOver('inspector', 'x', org, '310115')).toEqual({ role: 'inspector', team: 'east', description: 'x' });
    expect(handOver('inspector', 'x', org, null)).toEqual({ role: 'inspector', description: 'x' });
    expect(handOver('inspector', 'x', org, '999999')).toEqual({ role: 'inspector', description: 'x' });
  });
});
