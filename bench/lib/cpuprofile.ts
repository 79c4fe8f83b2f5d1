// Summaries of a V8 CPU profile (.cpuprofile, as written by `node --cpu-prof` or the inspector's
// Profiler): self and inclusive time per function and per module (npm package, Node.js internal,
// or a folder of this repository).

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row {
  name: string;
  /** ms */
  self: number;
  /** ms */
  inclusive: number;
}

export interface ProfileSummary {
  /** ms of samples in the window, idle included */
  totalMs: number;
  idleMs: number;
  /** ms in the garbage collector */
  gcMs: number;
  functions: Row[];
  modules: Row[];
}

const IDLE = '(idle)';

/** The module a script belongs to: `pkg` for node_modules, `node:x` for Node.js internals, the repository folder otherwise. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(V8 / native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const path = url.replace(/^file:\/\//, '');
  const inRepo = /\/(services\/[^/]+|gateway|libs\/shared(?:\/[^/]+)?)\/(dist|src)\//.exec(path);
  return inRepo ? inRepo[1].replace(/\/(src|dist)$/, '') : path;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const inRepo = /\/((services\/[^/]+|gateway|libs\/shared)\/.*)$/.exec(url.replace(/^file:\/\//, ''));
  return inRepo ? inRepo[1] : url;
}

/** Self and inclusive time over the samples taken between `fromUs` and `toUs` (the profile's clock; all by default). */
export function summarize(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fn = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : functionName || '(anonymous)';
  };
  const mod = (id: number) => {
    const { url, functionName } = byId.get(id)!.callFrame;
    return moduleOf(url, functionName);
  };
  const fnSelf = new Map<string, number>();
  const fnIncl = new Map<string, number>();
  const modSelf = new Map<string, number>();
  const modIncl = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  let idle = 0;
  let gc = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    // A sample stands for the time until the next one.
    const weight = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i]) / 1000;
    const leaf = profile.samples[i];
    total += weight;
    const leafName = byId.get(leaf)!.callFrame.functionName;
    if (leafName === IDLE) {
      idle += weight;
      continue;
    }
    if (leafName === '(garbage collector)') gc += weight;
    add(fnSelf, fn(leaf), weight);
    add(modSelf, mod(leaf), weight);
    const seenFn = new Set<string>();
    const seenMod = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)!.callFrame.functionName;
      if (name === '(root)') break;
      const f = fn(id);
      const m = mod(id);
      if (!seenFn.has(f)) {
        seenFn.add(f);
        add(fnIncl, f, weight);
      }
      if (!seenMod.has(m)) {
        seenMod.add(m);
        add(modIncl, m, weight);
      }
    }
  }
  const rows = (self: Map<string, number>, incl: Map<string, number>) =>
    [...new Set([...self.keys(), ...incl.keys()])].map((name) => ({ name, self: self.get(name) ?? 0, inclusive: incl.get(name) ?? 0 }));
  return { totalMs: total, idleMs: idle, gcMs: gc, functions: rows(fnSelf, fnIncl), modules: rows(modSelf, modIncl) };
}

/** A markdown table of the top `n` rows by `key`, with shares of the busy (non-idle) time. */
export function topTable(rows: Row[], key: 'self' | 'inclusive', busyMs: number, n = 20, label = 'function'): string {
  const top = [...rows].sort((a, b) => b[key] - a[key]).slice(0, n);
  const pct = (v: number) => `${((100 * v) / busyMs).toFixed(1)} %`;
  return [
    `| # | ${label} | self ms | self % | inclusive ms | inclusive % |`,
    '|---|---|---|---|---|---|',
    ...top.map(
      (r, i) =>
        `| ${i + 1} | \`${r.name.replace(/\|/g, '\\|')}\` | ${r.self.toFixed(0)} | ${pct(r.self)} | ${r.inclusive.toFixed(0)} | ${pct(r.inclusive)} |`,
    ),
  ].join('\n');
}
