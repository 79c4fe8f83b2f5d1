// CPU time and peak memory of processes, read from Linux /proc.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime, in seconds */
  cpu: number;
  /** cutime + cstime (reaped children), in seconds */
  childrenCpu: number;
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may contain spaces; the fields after it are fixed.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text
    .slice(close + 2)
    .split(' ')
    .map(Number);
  // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
  const tick = clockTicks();
  return { pid, comm, ppid: fields[1], cpu: (fields[11] + fields[12]) / tick, childrenCpu: (fields[13] + fields[14]) / tick };
}

/** Every process now running. */
export function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((s): s is ProcStat => s !== undefined);
}

/** VmHWM (peak resident set) of a process in MiB, or undefined when it is gone or not readable. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The PostgreSQL postmaster: a `postgres` process whose parent is not one. */
export function findPostmaster(processes = allProcesses()): number | undefined {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  return processes.find((p) => p.comm === 'postgres' && byPid.get(p.ppid)?.comm !== 'postgres')?.pid;
}

/** The RabbitMQ node (the Erlang VM). */
export function findRabbitMq(processes = allProcesses()): number | undefined {
  return processes.find((p) => p.comm === 'beam.smp')?.pid;
}

/**
 * CPU seconds of a process and all its descendants so far: its own, its reaped children's
 * (cutime + cstime) and every live descendant's. The difference of two readings is the CPU the
 * whole tree used in between, also for children that started or exited meanwhile.
 */
export function treeCpu(root: number, processes = allProcesses()): number {
  const children = new Map<number, ProcStat[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const self = processes.find((p) => p.pid === root);
  if (!self) return 0;
  let total = self.cpu + self.childrenCpu;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const p = stack.pop()!;
    total += p.cpu + p.childrenCpu;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return total;
}
