import { loadConfig } from '@yekuo/platform';
import { z } from 'zod';

/** Where intake's contact read is, and the key this service signs its reads with. */
export const contactsConfigSchema = z.object({
  /** Intake's base URL (its contact read is `POST <INTAKE_URL>/internal/contacts`). */
  INTAKE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4001'),
  /** This service's Ed25519 private key (PKCS#8 PEM); intake holds the public half (CONTACT_READER_KEY_FILE). */
  SERVICE_SIGNING_KEY_FILE: z.string().min(1).default('var/keys/notifications-service.pem'),
  /** How long intake may take to answer a read, body included. */
  INTAKE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

export type ContactsConfig = z.infer<typeof contactsConfigSchema>;

export function loadContactsConfig(env: NodeJS.ProcessEnv = process.env): ContactsConfig {
  return loadConfig(contactsConfigSchema, env);
}
