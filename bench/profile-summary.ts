// `npx tsx bench/profile-summary.ts [--top 20] <file.cpuprofile>...`
//
// Prints, for each V8 CPU profile (from `node --cpu-prof`, or from bench/lib/profiler-hook.cjs),
// markdown tables of the top functions by self and by inclusive time and the top modules (npm
// package, Node.js internal, or repository folder), as shares of the non-idle samples.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { CpuProfile, summarize, topTable } from './lib/cpuprofile';

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '20' } }, allowPositionals: true });
const top = Number(values.top);
if (positionals.length === 0 || !Number.isInteger(top) || top < 1) {
  console.error('Usage: npx tsx bench/profile-summary.ts [--top 20] <file.cpuprofile>...');
  process.exit(2);
}
for (const file of positionals) {
  const summary = summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const busy = summary.totalMs - summary.idleMs;
  console.log(
    [
      `## ${basename(file)}`,
      '',
      `Window ${(summary.totalMs / 1000).toFixed(1)} s; not idle ${(busy / 1000).toFixed(1)} s (${((100 * busy) / summary.totalMs).toFixed(0)} %); garbage collector ${((100 * summary.gcMs) / busy).toFixed(1)} % of that.`,
      '',
      `Top ${top} by self time:`,
      '',
      topTable(summary.functions, 'self', busy, top),
      '',
      `Top ${top} by inclusive time:`,
      '',
      topTable(summary.functions, 'inclusive', busy, top),
      '',
      `Top ${top} modules:`,
      '',
      topTable(summary.modules, 'self', busy, top, 'module'),
      '',
    ].join('\n'),
  );
}
