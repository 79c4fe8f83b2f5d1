// The framework-free log (`@yekuo/platform/logging`): pino with redaction, the async log context
// and the HTTP access log. Loads pino, pino-http and @opentelemetry/api only, so the gateway uses
// it; the services reach it through NestLogger (nest-logger.ts), from the platform's main entry.
export * from './log-context';
export * from './logger';
export * from './redaction';
export * from './request-log';
