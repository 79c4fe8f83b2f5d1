import { DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@yekuo/platform';
import { loadWorkingCalendar } from './calendar-files';
import { ClockService } from './clock.service';
import { assertWarnShare } from './clock-schedule';
import { TimeLimitClocks1765200000000 } from './migrations/1765200000000-time-limit-clocks';
import { ClockUnitsAndOpenLimits1769900000000 } from './migrations/1769900000000-clock-units-and-open-limits';
import { TimeLimitClock, TimeLimitClockPause } from './time-limit-clock.entity';
import { TimeLimitPolicy } from './time-limit-policy';
import { TIME_LIMIT_OPTIONS, TimeLimitOptions } from './time-limit.options';
import { TimeLimitSweeper } from './time-limit.sweeper';
import { WorkingCalendar } from './working-calendar';

/** The tables of the clocks: a service that times a step adds them to its definition. */
export const TIME_LIMIT_ENTITIES = [TimeLimitClock, TimeLimitClockPause];
export const TIME_LIMIT_MIGRATIONS = [TimeLimitClocks1765200000000, ClockUnitsAndOpenLimits1769900000000];

/** Policy, calendar, clocks and sweeper, built from the service's configuration. */
export function timeLimitProviders(): Provider[] {
  return [
    {
      provide: TIME_LIMIT_OPTIONS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig): TimeLimitOptions => {
        assertWarnShare(config.TIME_LIMIT_WARN_SHARE);
        return {
          warnShare: config.TIME_LIMIT_WARN_SHARE,
          sweepMs: config.TIME_LIMIT_SWEEP_MS,
          sweepBatchSize: config.TIME_LIMIT_SWEEP_BATCH,
        };
      },
    },
    {
      provide: TimeLimitPolicy,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => TimeLimitPolicy.fromFile(config.TIME_LIMIT_POLICY_FILE),
    },
    {
      provide: WorkingCalendar,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => loadWorkingCalendar(config.CALENDAR_DIR),
    },
    ClockService,
    TimeLimitSweeper,
  ];
}

export const TIME_LIMIT_EXPORTS = [TIME_LIMIT_OPTIONS, TimeLimitPolicy, WorkingCalendar, ClockService, TimeLimitSweeper];

/**
 * Time limits for a service that times a step: imported once by its root module, after the
 * platform's CoreModule (whose configuration and time source it reads).
 */
@Global()
@Module({})
export class TimeLimitsModule {
  static register(): DynamicModule {
    return { module: TimeLimitsModule, global: true, providers: timeLimitProviders(), exports: TIME_LIMIT_EXPORTS };
  }
}
