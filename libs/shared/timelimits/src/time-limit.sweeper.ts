import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicJob, TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { ClockService } from './clock.service';
import { TIME_LIMIT_OPTIONS, TimeLimitOptions } from './time-limit.options';

/**
 * Announces warnings and breaches as they fall due: every TIME_LIMIT_SWEEP_MS it sweeps the
 * clocks whose next milestone has passed. At start it recomputes provisional clocks against the
 * calendar data this process loaded, so a deploy that ships next year's holidays moves them.
 */
@Injectable()
export class TimeLimitSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('time-limits');
  private readonly job: PeriodicJob;
  private started = false;

  constructor(
    private readonly clocks: ClockService,
    @Inject(TIME_LIMIT_OPTIONS) private readonly options: TimeLimitOptions,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {
    this.job = new PeriodicJob({ name: 'time-limit sweep', everyMs: options.sweepMs }, async () => {
      const { announced } = await this.clocks.sweep(this.time.now());
      if (announced > 0) this.logger.log(`announced ${announced} time-limit milestone(s)`);
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const sources = this.clocks.calendar.documents.map((d) => d.source ?? `${d.covers.from}..${d.covers.to}`).join('; ');
    await this.clocks.recomputeProvisional(`calendar data at start: ${sources}`);
    this.job.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.job.stop();
  }
}
