export const TIME_LIMIT_OPTIONS = Symbol('TIME_LIMIT_OPTIONS');

export interface TimeLimitOptions {
  /** Share of a limit or target at which a warning is announced, in (0, 1]. */
  warnShare: number;
  /** How often the sweeper looks for due milestones; 0 = never by itself (tests call sweep). */
  sweepMs: number;
  /** Clocks claimed per sweep transaction. */
  sweepBatchSize: number;
}
