import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, readKeyFile, SubgraphVerifier } from '@yekuo/platform';
import { z } from 'zod';

export const contactsConfigSchema = z.object({
  NODE_ENV: z.string().default('development'),
  /** The notifications service's Ed25519 public key(s): the one caller of `POST /internal/contacts`. */
  CONTACT_READER_KEY_FILE: z.string().min(1).default('var/keys/notifications-service-public.pem'),
});

/**
 * The verifier of the contact reader's signature. Production needs the key (a missing or unusable
 * file stops the boot, naming the variable); elsewhere a missing file leaves the route refusing
 * every request, so a service started without the notifications service's keys still starts.
 */
export function loadContactReaderVerifier(env: NodeJS.ProcessEnv = process.env): SubgraphVerifier | undefined {
  const config = loadConfig(contactsConfigSchema, env);
  if (config.NODE_ENV !== 'production' && !existsSync(resolve(config.CONTACT_READER_KEY_FILE))) return undefined;
  return readKeyFile('CONTACT_READER_KEY_FILE', config.CONTACT_READER_KEY_FILE, (pem) => SubgraphVerifier.fromPem(pem));
}
