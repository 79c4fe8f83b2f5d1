import { loadConfig } from '@yekuo/platform';
import { z } from 'zod';

const delays = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'expected a comma-separated list of milliseconds, e.g. 30000,120000')
  .transform((s) => s.split(',').map(Number));

/** What the notifications service reads beyond the shared service settings. */
export const notificationsConfigSchema = z.object({
  /** A folder holding rules.json and templates.json in place of the shipped ones. */
  NOTIFICATION_RULES_DIR: z.string().min(1).optional(),
  /** How often due deliveries are sent; 0 only on demand (tests). */
  DELIVERY_POLL_MS: z.coerce.number().int().min(0).default(1000),
  DELIVERY_BATCH: z.coerce.number().int().min(1).max(500).default(50),
  /**
   * How long after its event a message waits at least: the messages of events raised together by
   * several services (an acceptance and the contract drafted with it) go out in the order of the
   * events, whichever reached this service first.
   */
  DELIVERY_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /** How long a sender holds a delivery it took; another instance may take it after (the window a crash can repeat a send in). */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Tries of one delivery before it is dead-lettered. */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  /** The wait after each failed try (the last repeats). */
  DELIVERY_RETRY_DELAYS_MS: delays.default([30_000, 120_000, 600_000, 3_600_000]),
  /** How often reminders that fell due are made; 0 only on demand (tests). */
  REMINDER_SWEEP_MS: z.coerce.number().int().min(0).default(60_000),
  /** A due point older than this is not sent any more (a service down for days does not flood its users when it returns). */
  REMINDER_LOOKBACK_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

export function notificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return loadConfig(notificationsConfigSchema, env);
}

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');
