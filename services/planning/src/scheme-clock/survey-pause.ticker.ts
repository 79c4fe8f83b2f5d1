import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicJob } from '@yekuo/platform';
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
  private readonly job: PeriodicJob;

  constructor(
    private readonly clocks: SchemeClockService,
    @Inject(TIME_LIMIT_OPTIONS) options: TimeLimitOptions,
  ) {
    this.job = new PeriodicJob({ name: 'survey pause ticker', everyMs: options.sweepMs, runAtStart: false }, async () => {
      const count = await this.clocks.resumeDue();
      if (count > 0) this.logger.log(`ran ${count} scheme clock(s) again at the survey appointment the customer asked for`);
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  tick(): Promise<void> {
    return this.job.runNow();
  }
}
