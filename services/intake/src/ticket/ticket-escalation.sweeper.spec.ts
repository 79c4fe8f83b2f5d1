import { ConfigError, loadConfig } from '@yekuo/platform';
import { ticketEscalationConfig, TicketEscalationSweeper } from './ticket-escalation.sweeper';
import type { TicketService } from './ticket.service';

describe('TicketEscalationSweeper', () => {
  it('reads its interval from the environment, 0 meaning off, and names the variable when it is wrong', () => {
    expect(loadConfig(ticketEscalationConfig, {}).TICKET_ESCALATION_INTERVAL_MS).toBe(60_000);
    expect(loadConfig(ticketEscalationConfig, { TICKET_ESCALATION_INTERVAL_MS: '0' }).TICKET_ESCALATION_INTERVAL_MS).toBe(0);
    expect(() => loadConfig(ticketEscalationConfig, { TICKET_ESCALATION_INTERVAL_MS: '50' })).toThrow(ConfigError);
    expect(() => loadConfig(ticketEscalationConfig, { TICKET_ESCALATION_INTERVAL_MS: 'soon' })).toThrow(/TICKET_ESCALATION_INTERVAL_MS/);
  });

  it('runs one sweep at a time: a tick during a running sweep joins it instead of starting another', async () => {
    let finish: (count: number) => void = () => undefined;
    const escalateDue = jest.fn(() => new Promise<number>((resolve) => (finish = resolve)));
    const sweeper = new TicketEscalationSweeper({ escalateDue } as unknown as TicketService);
    const first = sweeper.sweep();
    const second = sweeper.sweep();
    expect(escalateDue).toHaveBeenCalledTimes(1);
    finish(2);
    await Promise.all([first, second]);
    const third = sweeper.sweep();
    expect(escalateDue).toHaveBeenCalledTimes(2);
    finish(0);
    await third;
  });

  it('survives a failing sweep and sweeps again on the next tick', async () => {
    const escalateDue = jest.fn().mockRejectedValueOnce(new Error('database restarting')).mockResolvedValueOnce(1);
    const sweeper = new TicketEscalationSweeper({ escalateDue } as unknown as TicketService);
    await expect(sweeper.sweep()).resolves.toBeUndefined();
    await expect(sweeper.sweep()).resolves.toBeUndefined();
    expect(escalateDue).toHaveBeenCalledTimes(2);
  });
});
