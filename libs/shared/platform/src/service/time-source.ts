/** Where the time-limit engine reads "now": the system clock in production, a hand-set one in tests. */
export interface TimeSource {
  now(): Date;
}

export const TIME_SOURCE = Symbol('TIME_SOURCE');

export const SYSTEM_TIME: TimeSource = { now: () => new Date() };

/** A clock tests set and advance by hand. */
export class ManualTimeSource implements TimeSource {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
