import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time ticket limits, escalation, remaining step time and overdue clocks are judged by.
 * One instance per process, injected everywhere, so tests can move it.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
