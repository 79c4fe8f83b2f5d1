/** One JSON log line of a process (see `@yekuo/platform/logging`). */
export type LogLine = Record<string, unknown> & { level: string; msg?: string };

export interface LogCapture {
  /** The JSON lines written since the capture began, in order (readable lines and other output left out). */
  lines(): LogLine[];
  /** Everything written since the capture began, as it was written. */
  text(): string;
  /** Gives standard output back. */
  stop(): void;
}

/**
 * Reads what this process logs (services in process and gateways write their JSON lines to
 * standard output) until `stop()`. The lines are kept from the terminal unless `echo` is set.
 */
export function captureLog(options: { echo?: boolean } = {}): LogCapture {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return options.echo ? write(chunk, ...rest) : true;
  };
  return {
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{"level":'))
        .map((line) => JSON.parse(line) as LogLine),
    stop: () => {
      process.stdout.write = write;
    },
  };
}
