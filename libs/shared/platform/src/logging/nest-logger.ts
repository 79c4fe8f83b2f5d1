import type { LoggerService } from '@nestjs/common';
import type { Logger, Level } from 'pino';

/** Whether `value` is the stack trace NestJS passes as the second argument of `error`. */
function isStack(value: unknown): value is string {
  return typeof value === 'string' && /\n\s+at /.test(value);
}

/**
 * NestJS's logger over pino: every `new Logger('Context')` of the services, and Nest's own lines,
 * go through the process's pino logger with the context as the `context` field. Nest calls each
 * method with the message, then what the caller added (for `error`, a stack trace), then the
 * context name last. A message that is an Error is logged as `err`; a plain object's fields go
 * into the line (its `msg` or `message` as the message).
 */
export class NestLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    // The context is the last string (Nest adds it), unless that string is all the caller passed to `error` (a stack).
    if (typeof rest.at(-1) === 'string' && !(level === 'error' && rest.length === 1 && isStack(rest[0]))) {
      fields.context = rest.pop();
    }
    let text: string | undefined;
    if (message instanceof Error) {
      fields.err = message;
      text = message.message;
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: said, ...others } = message as Record<string, unknown>;
      Object.assign(fields, others);
      text = typeof msg === 'string' ? msg : typeof said === 'string' ? said : undefined;
    } else {
      text = String(message);
    }
    for (const extra of rest) {
      if (extra === undefined) continue;
      if (isStack(extra)) fields.err = { stack: extra };
      else if (extra instanceof Error) fields.err = extra;
      else if (typeof extra === 'object' && extra !== null) Object.assign(fields, extra);
      else if (typeof extra === 'string' || typeof extra === 'number' || typeof extra === 'boolean') {
        text = text === undefined ? String(extra) : `${text} ${String(extra)}`;
      }
    }
    this.pino[level](fields, text);
  }
}
