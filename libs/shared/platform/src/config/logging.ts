import { z } from 'zod';

/** LOG_LEVEL's values, least to most detail (NestJS's names, which the services always used). */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

/** LOG_FORMAT's values: one JSON object a line, or readable lines for a person at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** How a process logs: the least level written and the format. */
export interface LogSettings {
  level: LogLevelSetting;
  format: LogFormat;
}

/** The log's variables, the same in every service and the gateway. */
export function logConfigShape() {
  return {
    LOG_LEVEL: z.enum(LOG_LEVELS).default('log'),
    /** `json` or `pretty`; when unset, JSON in production (NODE_ENV=production) and readable elsewhere. */
    LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  };
}

type LogConfig = z.infer<z.ZodObject<ReturnType<typeof logConfigShape>>>;

/** The log settings a process's configuration describes; `nodeEnv` is its NODE_ENV. */
export function logSettingsOf(config: LogConfig, nodeEnv: string | undefined): LogSettings {
  return { level: config.LOG_LEVEL, format: config.LOG_FORMAT ?? (nodeEnv === 'production' ? 'json' : 'pretty') };
}
