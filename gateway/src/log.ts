import { logSettingsOf, type LogSettings } from '@yekuo/platform/core';
import { createLogger, type PinoLogger } from '@yekuo/platform/logging';

let current: PinoLogger | undefined;

/** Makes the gateway's logger from its settings (LOG_LEVEL, LOG_FORMAT); every line after this goes through it. */
export function useGatewayLog(settings: LogSettings): PinoLogger {
  current = createLogger({ service: 'gateway', ...settings });
  return current;
}

/**
 * The gateway's logger, for code that is not handed one (a subgraph's data source, the process's
 * start and stop): the one startGateway made, or, before it, one at the default settings.
 */
export function gatewayLog(): PinoLogger {
  current ??= createLogger({ service: 'gateway', ...logSettingsOf({ LOG_LEVEL: 'log' }, process.env.NODE_ENV) });
  return current;
}
