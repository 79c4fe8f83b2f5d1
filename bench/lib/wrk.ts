// HTTP load with wrk (https://github.com/wg/wrk; Debian/Ubuntu: `apt-get install wrk`), loopback
// only, for a bounded time. A Lua script posts one GraphQL operation, with an id drawn at random
// from a list per request when the operation takes one, and counts answers that are not HTTP 200
// or carry GraphQL errors (wrk alone only sees the status).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkLoad {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  query: string;
  token: string;
  /** Each request takes one of these in place of ID_SLOT in its variables (none: the same request every time). */
  ids?: readonly string[];
  /** The variables; `{ id: ID_SLOT }` by default when `ids` are given. */
  variables?: Record<string, unknown>;
  connections: number;
  durationSeconds: number;
  threads?: number;
}

export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  /** Answers that were not HTTP 200 or whose body carried `errors`; socket errors and timeouts included. */
  failures: number;
  /** Latency percentiles in ms. */
  p50: number;
  p90: number;
  p99: number;
  raw: string;
}

/** Throws with how to install wrk when it is missing or not on loopback. */
export function assertWrk(): string {
  const result = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (result.error) throw new Error('wrk is not installed: apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS)');
  const first = (result.stdout + result.stderr).split('\n')[0];
  return `wrk ${/(\d+\.\d+(\.\d+)?)/.exec(first)?.[1] ?? first.trim()}`;
}

/** Where a request's id goes in `variables` (a string value). */
export const ID_SLOT = '__BENCH_ID__';
const PLACEHOLDER = `"${ID_SLOT}"`;

function luaString(text: string): string {
  if (text.includes(']==]')) throw new Error('the request body cannot be quoted for Lua');
  return `[==[${text}]==]`;
}

function script(load: WrkLoad, idsFile: string | undefined): string {
  const body = JSON.stringify({ query: load.query, variables: load.variables ?? (load.ids ? { id: ID_SLOT } : {}) });
  const parts = body.split(PLACEHOLDER);
  if (load.ids ? parts.length !== 2 : parts.length !== 1)
    throw new Error(`the variables must hold ${ID_SLOT} exactly once when ids are given`);
  const [prefix, suffix = ''] = parts;
  return `
local threads = {}
function setup(thread)
  thread:set("seed", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() * 100 + seed)
  ids = {}
  ${idsFile ? `for line in io.lines(${luaString(idsFile)}) do ids[#ids + 1] = line end` : ''}
  failures = 0
  prefix = ${luaString(prefix)}
  suffix = ${luaString(suffix)}
  wrk.method = "POST"
  wrk.headers["content-type"] = "application/json"
  wrk.headers["authorization"] = ${luaString(`Bearer ${load.token}`)}
end
function request()
  if #ids > 0 then
    return wrk.format(nil, nil, nil, prefix .. '"' .. ids[math.random(#ids)] .. '"' .. suffix)
  end
  return wrk.format(nil, nil, nil, prefix)
end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then failures = failures + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failures") end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d failures=%d socket=%d p50=%.3f p90=%.3f p99=%.3f\\n", summary.requests,
    f + e.connect + e.read + e.write + e.timeout, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
`;
}

/** Runs wrk once and parses its summary. */
export async function runWrk(load: WrkLoad): Promise<WrkResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(load.url)) throw new Error(`wrk runs against loopback only, not ${load.url}`);
  const dir = mkdtempSync(join(tmpdir(), 'yekuo-wrk-'));
  try {
    let idsFile: string | undefined;
    if (load.ids) {
      if (load.ids.length === 0) throw new Error('no ids to request');
      idsFile = join(dir, 'ids.txt');
      writeFileSync(idsFile, `${load.ids.join('\n')}\n`);
    }
    const scriptFile = join(dir, 'load.lua');
    writeFileSync(scriptFile, script(load, idsFile));
    const threads = Math.max(1, Math.min(load.threads ?? 2, load.connections));
    const args = ['-t', String(threads), '-c', String(load.connections), '-d', `${load.durationSeconds}s`, '--timeout', '10s'];
    const raw = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', [...args, '-s', scriptFile, load.url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with code ${code}:\n${out}`))));
    });
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(raw);
    const summary = /BENCH requests=(\d+) failures=(\d+) socket=(\d+) p50=([\d.]+) p90=([\d.]+) p99=([\d.]+)/.exec(raw);
    if (!rate || !summary) throw new Error(`cannot read wrk's output:\n${raw}`);
    return {
      requestsPerSecond: Number(rate[1]),
      requests: Number(summary[1]),
      failures: Number(summary[2]),
      p50: Number(summary[4]),
      p90: Number(summary[5]),
      p99: Number(summary[6]),
      raw,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
