import { Logger } from '@nestjs/common';
import { PeriodicJob } from './periodic-job';

describe('PeriodicJob', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs at start and on every interval until stopped', async () => {
    jest.useFakeTimers();
    let runs = 0;
    const job = new PeriodicJob({ name: 'count', everyMs: 1000 }, () => {
      runs += 1;
      return Promise.resolve();
    });
    job.start();
    job.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(4);
    await job.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(4);
  });

  it('never overlaps runs: a tick during a run joins it, and stop waits for it', async () => {
    let release!: () => void;
    let started = 0;
    let finished = 0;
    const job = new PeriodicJob({ name: 'slow', everyMs: 0 }, async () => {
      started += 1;
      await new Promise<void>((resolve) => (release = resolve));
      finished += 1;
    });
    const first = job.runNow();
    const second = job.runNow();
    expect(started).toBe(1);
    const stopped = job.stop();
    release();
    await Promise.all([first, second, stopped]);
    expect(finished).toBe(1);
  });

  it('logs the first failure and every 20th in a row, and keeps running', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let calls = 0;
    const job = new PeriodicJob({ name: 'flaky', everyMs: 0 }, () => {
      calls += 1;
      return Promise.reject(new Error('database restarting'));
    });
    for (let i = 0; i < 40; i += 1) await job.runNow();
    expect(calls).toBe(40);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[0][0]).toContain('flaky failed 1 time(s) in a row (database restarting)');
  });

  it('never runs by itself when the interval is 0', async () => {
    jest.useFakeTimers();
    let runs = 0;
    const job = new PeriodicJob({ name: 'manual', everyMs: 0 }, () => {
      runs += 1;
      return Promise.resolve();
    });
    job.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(0);
    expect(job.isStarted).toBe(false);
  });
});
