import { routeTicket } from './ticket-routing';

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
