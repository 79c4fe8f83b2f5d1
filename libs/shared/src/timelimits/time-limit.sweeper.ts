import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClockService } from './clock.service';
import { TIME_LIMIT_OPTIONS, TimeLimitOptions } from './time-limit.options';
import { TIME_SOURCE, TimeSource } from './time-source';

/**
 * Announces warnings and breaches as they fall due: every TIME_LIMIT_SWEEP_MS it sweeps the
 * clocks whose next milestone has passed. At start it recomputes provisional clocks against the
 * calendar data this process loaded, so a deploy that ships next year's holidays moves them.
 */
@Injectable()
export class TimeLimitSweeper {
  private readonly logger = new Logger('time-limits');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private failures = 0;
  private started = false;

  constructor(
    private readonly clocks: ClockService,
    @Inject(TIME_LIMIT_OPTIONS) private readonly options: TimeLimitOptions,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const sources = this.clocks.calendar.documents.map((d) => d.source ?? `${d.covers.from}..${d.covers.to}`).join('; ');
    await this.clocks.recomputeProvisional(`calendar data at start: ${sources}`);
    if (this.options.sweepMs > 0) {
      this.timer = setInterval(() => this.tick(), this.options.sweepMs);
      this.tick();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.started = false;
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.clocks
      .sweep(this.time.now())
      .then(({ announced }) => {
        this.failures = 0;
        if (announced > 0) this.logger.log(`announced ${announced} time-limit milestone(s)`);
      })
      .catch((error: Error) => {
        this.failures += 1;
        if (this.failures === 1 || this.failures % 20 === 0) this.logger.warn(`sweep failed (${error.message}); retrying next tick`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
