import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicJob } from '../jobs/periodic-job';
import { IdempotencyStore } from './idempotency.store';

/** How often each instance removes idempotency keys past retention (instances share the work safely). */
const SWEEP_MS = 15 * 60_000;
const BATCH = 1000;

/** Removes idempotency keys older than `IDEMPOTENCY_KEY_TTL_HOURS`, in batches, on a timer in every instance. */
@Injectable()
export class IdempotencySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(store: IdempotencyStore) {
    this.job = new PeriodicJob({ name: 'idempotency key sweep', everyMs: SWEEP_MS, runAtStart: false }, async () => {
      while ((await store.purgeExpired(BATCH)) === BATCH);
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One sweep (tests call it). */
  sweep(): Promise<void> {
    return this.job.runNow();
  }
}
