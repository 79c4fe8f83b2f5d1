import { sleep } from './processes';

/** A fault injected once the drive has archived `afterArchived` cases. */
export interface Fault {
  name: string;
  afterArchived: number;
  inject(): Promise<void>;
}

/** When each fault ran (seconds since the drive began) and how long until the system was whole again. */
export interface FaultRecord {
  name: string;
  atSeconds: number;
  tookSeconds: number;
  /** Cases archived when it began. */
  archived: number;
}

/**
 * Injects `faults` in order, each once the drive has archived its threshold of cases, while
 * `running()` holds; records each in `done` as it ends, and returns it (a fault that throws stops
 * the schedule and is thrown).
 */
export async function runFaults(
  faults: readonly Fault[],
  archived: () => number,
  running: () => boolean,
  log: (line: string) => void,
  done: FaultRecord[] = [],
): Promise<FaultRecord[]> {
  const started = Date.now();
  const seconds = (from: number) => Math.round((Date.now() - from) / 100) / 10;
  for (const fault of faults) {
    while (archived() < fault.afterArchived && running()) await sleep(200);
    if (!running()) break;
    const at = Date.now();
    log(`fault: ${fault.name} (${archived()} archived)`);
    await fault.inject();
    done.push({ name: fault.name, atSeconds: seconds(started), tookSeconds: seconds(at), archived: archived() });
    log(`fault: ${fault.name} done in ${seconds(at)} s`);
  }
  return done;
}
