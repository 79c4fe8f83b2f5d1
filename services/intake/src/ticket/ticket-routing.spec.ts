import { routeTicket, routeTicketByActions } from './ticket-routing';

describe('routeTicket', () => {
  it('routes to the team the latest next action names', () => {
    expect(routeTicket({ role: 'planner', team: 'planning', description: 'Draft the scheme' }, '310115')).toEqual({
      role: 'planner',
      team: 'planning',
    });
  });

  it('finds the team of the role for the region when the next action names none', () => {
    expect(routeTicket({ role: 'surveyor', description: 'Schedule the survey' }, '310115')).toEqual({
      role: 'surveyor',
      team: 'survey-east',
    });
    expect(routeTicket({ role: 'surveyor', description: 'Schedule the survey' }, '310104')).toEqual({
      role: 'surveyor',
      team: 'survey-west',
    });
  });

  it('sends tickets to the front desk while the customer holds the next action, or when nothing is known', () => {
    expect(routeTicket({ role: 'customer', description: 'Resubmit' }, '310115')).toEqual({ role: 'intake-clerk', team: 'front-desk' });
    expect(routeTicket(null, '310115')).toEqual({ role: 'intake-clerk', team: 'front-desk' });
  });

  it('falls back to the front desk for a region without a team of the role', () => {
    expect(routeTicket({ role: 'surveyor', description: 'Schedule the survey' }, '999999')).toEqual({
      role: 'intake-clerk',
      team: 'front-desk',
    });
  });
});

describe('routeTicketByActions', () => {
  const open = [
    { code: 'PAY_FEES' as const, role: 'customer' as const, team: null, description: 'Pay the connection fees' },
    { code: 'INSTALL_METER' as const, role: 'metering-technician' as const, team: 'metering', description: 'Install the meter' },
    { code: 'REVIEW_DESIGN' as const, role: 'inspector' as const, description: 'Review the design drawings' },
  ];

  it('routes to the team of the action the ticket concerns when it is open', () => {
    expect(routeTicketByActions(open, '310115', 'INSTALL_METER')).toEqual({ role: 'metering-technician', team: 'metering' });
    // The action names no team: the team of the role for the region.
    expect(routeTicketByActions(open, '310115', 'REVIEW_DESIGN')).toEqual({ role: 'inspector', team: 'inspection' });
  });

  it('falls back to the most urgent open action when the concerned one is not open or none is named', () => {
    const meterFirst = [open[1], open[0]];
    expect(routeTicketByActions(meterFirst, '310115', 'ENERGIZE')).toEqual({ role: 'metering-technician', team: 'metering' });
    expect(routeTicketByActions(meterFirst, '310115')).toEqual({ role: 'metering-technician', team: 'metering' });
  });

  it('sends the ticket to the front desk when the most urgent action is the customer’s, or nothing is open', () => {
    expect(routeTicketByActions(open, '310115')).toEqual({ role: 'intake-clerk', team: 'front-desk' });
    expect(routeTicketByActions([], '310115', 'PAY_FEES')).toEqual({ role: 'intake-clerk', team: 'front-desk' });
  });
});
