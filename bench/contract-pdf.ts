// `npm run bench:pdf -- [--renders 40] [--rounds 3] [--base <ref>] [--out bench/results/contract-pdf.md]`
//
// What drafting costs a contracts process in rendering the contract PDF: each round starts one
// process per tree (before: a git worktree of the base, installed and built; after: this tree),
// alternating, that renders the high-voltage dual-source contract `--renders` times one after the
// other with the tree's own renderContractPdf (bench/lib/contract-renders.ts), and reports CPU
// and wall time per render and the process's peak RSS (VmHWM), module loading included. The
// medians over the rounds are printed side by side with their ratio and written to `--out`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Sample } from './lib/contract-renders';
import { machine, percentile } from './lib/report';
import { load1, REPO, runMain } from './lib/run';
import { BaseTree, describeTree, resolveBase } from './lib/trees';

const USAGE = `Usage: npm run bench:pdf -- [options]
  --renders <n>   contracts rendered per process (default 40)
  --rounds <n>    processes per tree, alternating before and after; medians are reported (default 3)
  --base <ref>    the "before" tree (default: BENCH_BASE, else the merge base with origin/main)
  --out <file>    (default bench/results/contract-pdf.md)`;

function runChild(root: string, renders: number): Sample {
  const result = spawnSync('npx', ['tsx', join(__dirname, 'lib', 'contract-renders.ts'), root, String(renders)], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`rendering in ${root} failed:\n${result.stderr.slice(-4000)}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Sample;
}

const median = (samples: number[]) => percentile(samples, 50);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      renders: { type: 'string', default: '40' },
      rounds: { type: 'string', default: '3' },
      base: { type: 'string' },
      out: { type: 'string', default: join(__dirname, 'results', 'contract-pdf.md') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const [renders, rounds] = [values.renders, values.rounds].map(Number);
  if (![renders, rounds].every((n) => Number.isInteger(n) && n > 0))
    throw new Error(`--renders and --rounds take positive integers\n\n${USAGE}`);

  const base = resolveBase(REPO, values.base);
  const startedAt = new Date().toISOString().slice(0, 16);
  const loadBefore = load1();
  const tree = await BaseTree.create(REPO, base.commit);
  const samples: Record<'before' | 'after', Sample[]> = { before: [], after: [] };
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [side, root] of [
        ['before', tree.root],
        ['after', REPO],
      ] as const) {
        const sample = runChild(root, renders);
        samples[side].push(sample);
        console.log(
          `round ${round} ${side}: ${sample.cpuMsPerRender.toFixed(1)} ms CPU per render, peak RSS ${sample.peakRssMiB.toFixed(0)} MiB`,
        );
      }
    }
  } finally {
    tree.remove();
  }
  const row = (label: string, key: keyof Sample, digits: number) => {
    const [before, after] = [median(samples.before.map((s) => s[key])), median(samples.after.map((s) => s[key]))];
    return `| ${label} | ${before.toFixed(digits)} | ${after.toFixed(digits)} | ${(after / before).toFixed(2)} |`;
  };
  const report = [
    '# Rendering the contract PDF: one contracts process, renders one after the other',
    '',
    `Command: \`npm run bench:pdf -- --renders ${renders} --rounds ${rounds} --base ${base.ref}\``,
    '',
    `Machine: ${machine()}. Run ${startedAt}Z; 1-minute load average ${loadBefore} at the start, ${load1()} at the end.`,
    '',
    `- before: commit ${base.commit}`,
    `- after: commit ${describeTree(REPO)}`,
    '',
    `Each round starts one process per tree, before then after, that renders the high-voltage dual-source contract ${renders} times`,
    "with the tree's renderContractPdf; medians of the rounds. Peak RSS is the process's VmHWM, module loading included.",
    '',
    '| median of the rounds | before | after | after / before |',
    '|---|---|---|---|',
    row('CPU per render (ms)', 'cpuMsPerRender', 1),
    row('wall time per render (ms)', 'wallMsPerRender', 1),
    row('peak RSS of the process (MiB)', 'peakRssMiB', 0),
    '',
  ].join('\n');
  console.log(`\n${report}`);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, report);
}

runMain(main);
