import { Logger } from '@nestjs/common';

export interface PeriodicJobOptions {
  /** Names the job in logs. */
  name: string;
  /** Milliseconds between runs; 0 never runs by itself (tests call `runNow`). */
  everyMs: number;
  /** Runs once at start, before the first interval passes (default true). */
  runAtStart?: boolean;
}

/**
 * The one way a process does work on a timer (sweepers, tickers, the relay's poll): runs never
 * overlap, a failure is logged on the first and every 20th time in a row and retried next tick,
 * and `stop` waits for the run in progress.
 */
export class PeriodicJob {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failures = 0;

  constructor(
    private readonly options: PeriodicJobOptions,
    private readonly run: () => Promise<void>,
  ) {
    this.logger = new Logger(options.name);
  }

  get isStarted(): boolean {
    return this.timer !== undefined;
  }

  /** Idempotent. */
  start(): void {
    if (this.timer || this.options.everyMs <= 0) return;
    this.timer = setInterval(() => void this.runNow(), this.options.everyMs);
    this.timer.unref();
    if (this.options.runAtStart ?? true) void this.runNow();
  }

  /** Runs the job now unless a run is in progress (then waits for that one). */
  runNow(): Promise<void> {
    this.running ??= this.run()
      .then(() => {
        this.failures = 0;
      })
      .catch((error: Error) => {
        this.failures += 1;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn(`${this.options.name} failed ${this.failures} time(s) in a row (${error.message}); retrying next tick`);
        }
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
