import { cpus, totalmem } from 'node:os';

/** The machine a benchmark ran on, for its report. */
export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** One progress line, rewritten in place on a terminal; `done` ends it. */
export function progress(line: string, done = false): void {
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K${line}${done ? '\n' : ''}`);
  else if (line) console.log(line);
}
