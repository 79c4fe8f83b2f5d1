import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';
import type { LogLevelSetting, LogSettings } from '../config/logging';
import { currentLogContext } from './log-context';
import { redactFields, scrubText } from './redaction';

export type { Logger as PinoLogger } from 'pino';

/** The pino level of each LOG_LEVEL. */
const PINO_LEVELS: Record<LogLevelSetting, pino.Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** Where log lines go: anything with `write`. */
export interface LogDestination {
  write(line: string): void;
}

export interface CreateLoggerOptions extends LogSettings {
  /** The process's name, on every line (`intake`, `gateway`, ...). */
  service: string;
  /**
   * Default: the process's standard output, looked up at each write (so whoever replaces
   * `process.stdout.write`, such as a test reading the log, reads every line). A pipe or file is
   * written synchronously: nothing is lost when the process exits.
   */
  destination?: LogDestination;
}

const STDOUT: LogDestination = { write: (line) => process.stdout.write(line) };

/**
 * The request's and event's ids from the async context (log-context.ts) and the active trace's
 * ids, merged into every line; a field absent from both is left out.
 */
function contextFields(): Record<string, string> {
  const fields: Record<string, string> = { ...currentLogContext() };
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}

/** pino's error serializer, with personal data that slipped into an error's message or stack taken out. */
function scrubbedError(error: Error): pino.SerializedError {
  const serialized = pino.stdSerializers.err(error);
  if (typeof serialized.message === 'string') serialized.message = scrubText(serialized.message);
  if (typeof serialized.stack === 'string') serialized.stack = scrubText(serialized.stack);
  return serialized;
}

/**
 * A readable stream for a terminal (pino-pretty, in this thread: no worker), or undefined when
 * pino-pretty is not installed (it is a development dependency; images have JSON only).
 */
function prettyDestination(destination: LogDestination): LogDestination | undefined {
  let prettyFactory: typeof import('pino-pretty').prettyFactory;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional and synchronous: absent in images, where JSON is written.
    ({ prettyFactory } = require('pino-pretty') as typeof import('pino-pretty'));
  } catch {
    return undefined;
  }
  const pretty = prettyFactory({
    colorize: destination === STDOUT && process.stdout.isTTY === true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'service,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
  return { write: (line) => destination.write(pretty(line)) };
}

/**
 * The process's logger: JSON lines (or readable ones, see LOG_FORMAT) at `level` and above, each
 * with the time, the level's name, the service, the ids of the request, case and event being
 * handled and of the active trace, and the message. Personal data and credentials are redacted:
 * fields by name (REDACTED_FIELDS, redactFields), and in messages, text fields and errors whatever
 * scrubText recognises. Framework-free: the gateway uses it as it is, the services through
 * NestLogger. Fields bound with `child()` are not redacted: bind ids only.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const destination = options.destination ?? STDOUT;
  const settings: LoggerOptions = {
    level: PINO_LEVELS[options.level],
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: redactFields },
    mixin: contextFields,
    serializers: { err: scrubbedError },
    hooks: {
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrubText(args[i] as string);
        method.apply(this, args);
      },
    },
  };
  const stream = (options.format === 'pretty' && prettyDestination(destination)) || destination;
  return pino(settings, stream);
}
