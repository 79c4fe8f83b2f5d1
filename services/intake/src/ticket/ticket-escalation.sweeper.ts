import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { loadConfig, PeriodicJob } from '@yekuo/platform';
import { z } from 'zod';
import { TicketService } from './ticket.service';

/**
 * `TICKET_ESCALATION_INTERVAL_MS` (default 60000): how often each instance looks for tickets
 * past their response or resolution limit; 0 turns the timer off (another scheduler calls the sweep).
 */
export const ticketEscalationConfig = z.object({
  TICKET_ESCALATION_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((ms) => ms === 0 || ms >= 100, 'must be 0 (off) or at least 100')
    .default(60_000),
});

/** Escalates tickets whose response or resolution limit passed, on a timer in every instance (they share the work safely). */
@Injectable()
export class TicketEscalationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TicketEscalationSweeper.name);
  private readonly job: PeriodicJob;

  constructor(private readonly tickets: TicketService) {
    const everyMs = loadConfig(ticketEscalationConfig).TICKET_ESCALATION_INTERVAL_MS;
    this.job = new PeriodicJob({ name: 'ticket escalation sweep', everyMs, runAtStart: false }, async () => {
      const count = await this.tickets.escalateDue();
      if (count > 0) this.logger.log(`${count} ticket escalation(s) for a missed response or resolution limit`);
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One sweep; overlapping timer ticks are skipped, not stacked. */
  sweep(): Promise<void> {
    return this.job.runNow();
  }
}
