import type { Provider } from '@nestjs/common';
import { loadWorkingCalendar } from '../calendar/calendar-files';
import { WorkingCalendar } from '../calendar/working-calendar';
import type { ServiceConfig } from '../config';
import { ClockService } from './clock.service';
import { assertWarnShare } from './clock-schedule';
import { TimeLimitPolicy } from './time-limit-policy';
import { TIME_LIMIT_OPTIONS, TimeLimitOptions } from './time-limit.options';
import { TimeLimitSweeper } from './time-limit.sweeper';
import { SYSTEM_TIME, TIME_SOURCE, TimeSource } from './time-source';

/** What CoreModule provides every service for time limits (and exports): policy, calendar, clocks, sweeper, time. */
export function timeLimitProviders(config: ServiceConfig, timeSource: TimeSource = SYSTEM_TIME): Provider[] {
  const options: TimeLimitOptions = {
    warnShare: config.TIME_LIMIT_WARN_SHARE,
    sweepMs: config.TIME_LIMIT_SWEEP_MS,
    sweepBatchSize: config.TIME_LIMIT_SWEEP_BATCH,
  };
  assertWarnShare(options.warnShare);
  return [
    { provide: TIME_LIMIT_OPTIONS, useValue: options },
    { provide: TIME_SOURCE, useValue: timeSource },
    { provide: TimeLimitPolicy, useFactory: () => TimeLimitPolicy.fromFile(config.TIME_LIMIT_POLICY_FILE) },
    { provide: WorkingCalendar, useFactory: () => loadWorkingCalendar(config.CALENDAR_DIR) },
    ClockService,
    TimeLimitSweeper,
  ];
}

export const TIME_LIMIT_EXPORTS = [TIME_LIMIT_OPTIONS, TIME_SOURCE, TimeLimitPolicy, WorkingCalendar, ClockService, TimeLimitSweeper];
