import { Controller, Inject } from '@nestjs/common';
import type { CloudEvent } from '@yekuo/events';
import type { Work } from '../messaging/unit-of-work';
import type { CaseCopyRow, CaseCopyStore } from './case-copy.store';
import { ConsumeEvent, EventOutcome } from './consume-event';

export type WithdrawnEvent = CloudEvent<'intake.application.withdrawn.v1'>;

/** What a service does with the customer's withdrawal: close its open work and say so in `<service>.case.cancelled.v1`. */
export interface WithdrawalHook<T extends CaseCopyRow & { cancelledAt: Date | null }> {
  /** The service's case copy. */
  readonly cases: CaseCopyStore<T, string, string>;
  /**
   * Applies the withdrawal to `copy` (locked; null when the service never heard of the
   * case, which it then opens cancelled so a late event cannot open work), records it with
   * `cases.recordCancellation` and publishes `<service>.case.cancelled.v1`. Resolves to the
   * line to log.
   */
  withdraw(work: Work, event: WithdrawnEvent, copy: T | null): Promise<EventOutcome>;
}

/** The service's `WithdrawalHook` (a provider of the service's withdrawal module). */
export const WITHDRAWAL_HOOK = Symbol('WITHDRAWAL_HOOK');

/**
 * The one consumer of `intake.application.withdrawn.v1`: once per event, under the case's
 * advisory lock and row lock, a copy cancelled already is left as it is (the withdrawal
 * was published again); otherwise the service's hook closes its work.
 */
@Controller()
export class WithdrawalConsumer {
  constructor(@Inject(WITHDRAWAL_HOOK) private readonly hook: WithdrawalHook<CaseCopyRow & { cancelledAt: Date | null }>) {}

  @ConsumeEvent('intake.application.withdrawn.v1')
  async onWithdrawn(work: Work, event: WithdrawnEvent): Promise<EventOutcome> {
    const { cases } = this.hook;
    await cases.serialise(work.manager, event.data.caseId);
    const copy = await cases.lock(work.manager, event.data.caseId);
    if (copy?.cancelledAt) return { debug: `${event.type} ${event.id}: case ${event.data.caseNumber} was cancelled already` };
    return this.hook.withdraw(work, event, copy);
  }
}
