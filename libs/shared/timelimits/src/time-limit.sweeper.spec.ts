import type { ClockService } from './clock.service';
import { TimeLimitSweeper } from './time-limit.sweeper';
import { ManualTimeSource } from '@yekuo/platform';

describe('TimeLimitSweeper', () => {
  const documents = [{ source: 'calendar 2026', covers: { from: '2026-01-01', to: '2026-12-31' } }];

  function fakeClocks() {
    const sweeps: Date[] = [];
    const recomputed: string[] = [];
    const clocks = {
      calendar: { documents },
      recomputeProvisional: (source: string) => {
        recomputed.push(source);
        return Promise.resolve(0);
      },
      sweep: (now: Date) => {
        sweeps.push(now);
        return Promise.resolve({ clocks: 0, announced: 0 });
      },
    };
    return { clocks: clocks as unknown as ClockService, sweeps, recomputed };
  }

  afterEach(() => jest.useRealTimers());

  it("recomputes provisional clocks against the loaded calendar once at start, then sweeps at the time source's now on every interval", async () => {
    jest.useFakeTimers();
    const time = new ManualTimeSource('2026-10-10T04:00:00Z');
    const { clocks, sweeps, recomputed } = fakeClocks();
    const sweeper = new TimeLimitSweeper(clocks, { warnShare: 0.8, sweepMs: 30_000, sweepBatchSize: 500 }, time);
    await sweeper.start();
    await sweeper.start();
    expect(recomputed).toEqual(['calendar data at start: calendar 2026']);
    expect(sweeps).toEqual([new Date('2026-10-10T04:00:00Z')]);
    time.advance(60_000);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(sweeps).toEqual([new Date('2026-10-10T04:00:00Z'), new Date('2026-10-10T04:01:00Z')]);
    await sweeper.stop();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(sweeps).toHaveLength(2);
  });

  it('never sweeps by itself when the interval is 0', async () => {
    jest.useFakeTimers();
    const { clocks, sweeps, recomputed } = fakeClocks();
    const sweeper = new TimeLimitSweeper(clocks, { warnShare: 0.8, sweepMs: 0, sweepBatchSize: 500 }, new ManualTimeSource());
    await sweeper.start();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(recomputed).toHaveLength(1);
    expect(sweeps).toHaveLength(0);
    await sweeper.stop();
  });
});
