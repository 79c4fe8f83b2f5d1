import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TIME_LIMIT_OPTIONS, TimeLimitOptions } from '@yekuo/timelimits';
import { SchemeClockService } from './scheme-clock.service';

/**
 * Runs scheme clocks again once the survey appointment a customer moved has come, on the
 * cadence of the time-limit sweep (TIME_LIMIT_SWEEP_MS; 0 = off, tests call `tick`). Instances
 * share the work safely; overlapping ticks are skipped, not stacked.
 */
@Injectable()
export class SurveyPauseTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('time-limits');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly clocks: SchemeClockService,
    @Inject(TIME_LIMIT_OPTIONS) private readonly options: TimeLimitOptions,
  ) {}

  onApplicationBootstrap(): void {
    // Idempotent: the hook may run more than once in one application; one timer only.
    if (this.options.sweepMs === 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.sweepMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  tick(): Promise<void> {
    this.running ??= this.clocks
      .resumeDue()
      .then((count) => {
        if (count > 0) this.logger.log(`ran ${count} scheme clock(s) again at the survey appointment the customer asked for`);
      })
      .catch((error: Error) => this.logger.warn(`resuming scheme clocks after moved surveys failed (${error.message}); retrying next tick`))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
