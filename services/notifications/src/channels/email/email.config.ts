import { loadConfig } from '@yekuo/platform';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';

export const emailConfigSchema = z.object({
  /** Off: the email channel is not offered and no SMTP connection is made. */
  EMAIL_ENABLED: z.stringbool().default(true),
  /** The relay, credentials included if it needs them; MailPit's port on a developer machine. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:1025'),
  /** The sender every message carries; its domain also names the Message-IDs. */
  EMAIL_FROM: z
    .string()
    .refine((from) => senderDomain(from) !== undefined, 'expected one address, e.g. "Yekuo" <noreply@example.com>')
    .default('"Yekuo 业扩报装" <noreply@yekuo.local>'),
  /** How long connecting, the greeting and any one step of a delivery may take. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;

export function loadEmailConfig(env: NodeJS.ProcessEnv = process.env): EmailConfig {
  return loadConfig(emailConfigSchema, env);
}

/** The domain of the one mailbox in `from` (`"Name" <user@domain>` or `user@domain`), or undefined when there is not exactly one. */
export function senderDomain(from: string): string | undefined {
  const mailboxes = addressparser(from, { flatten: true });
  if (mailboxes.length !== 1) return undefined;
  const match = /^[^@\s]+@([A-Za-z0-9.-]+)$/.exec(mailboxes[0].address);
  return match?.[1];
}
