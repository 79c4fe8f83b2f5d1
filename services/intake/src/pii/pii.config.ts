import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { base64Key, ConfigError, KEY_ID, KeyRing, keyListSetting, loadConfig, publishOnce, readIfExists } from '@yekuo/platform';
import { z } from 'zod';

/** Keys for personal data: the platform's key ring (rotation by key id) and the blind-index key. */
export interface PiiKeys extends KeyRing {
  hmacKey: Buffer;
}

export const piiConfigSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    PII_KEYS: keyListSetting('PII_KEYS').optional(),
    PII_ACTIVE_KEY_ID: z.string().regex(KEY_ID, 'letters, digits, _ . - (at most 32)').optional(),
    PII_HMAC_KEY: base64Key('PII_HMAC_KEY').optional(),
    PII_DEV_KEY_DIR: z.string().min(1).default('var/keys'),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    const given = [env.PII_KEYS, env.PII_ACTIVE_KEY_ID, env.PII_HMAC_KEY].filter((v) => v !== undefined).length;
    if (production || given > 0) {
      for (const variable of ['PII_KEYS', 'PII_ACTIVE_KEY_ID', 'PII_HMAC_KEY'] as const) {
        if (env[variable] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [variable],
            message: production ? 'is required in production' : 'is required when any PII_* key is configured',
          });
        }
      }
    }
    if (env.PII_KEYS && env.PII_ACTIVE_KEY_ID && !env.PII_KEYS.has(env.PII_ACTIVE_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['PII_ACTIVE_KEY_ID'], message: 'names no key in PII_KEYS' });
    }
  });

export const DEV_PII_KEY_FILE = 'pii-keys.json';

/**
 * Reads the personal-data keys from the environment; throws a ConfigError naming the
 * variable at fault. Outside production and with none configured, uses development keys
 * generated once into PII_DEV_KEY_DIR (like the development JWT keys).
 */
export async function loadPiiKeys(env: NodeJS.ProcessEnv = process.env): Promise<PiiKeys> {
  const parsed = loadConfig(piiConfigSchema, env);
  if (parsed.PII_KEYS && parsed.PII_ACTIVE_KEY_ID && parsed.PII_HMAC_KEY) {
    return {
      keys: parsed.PII_KEYS,
      activeKeyId: parsed.PII_ACTIVE_KEY_ID,
      hmacKey: Buffer.from(parsed.PII_HMAC_KEY, 'base64'),
      development: false,
    };
  }
  const dev = await ensureDevPiiKeys(parsed.PII_DEV_KEY_DIR);
  new Logger('PersonalData').warn(`development personal-data keys in use (${join(parsed.PII_DEV_KEY_DIR, DEV_PII_KEY_FILE)})`);
  return dev;
}

/** Validates the personal-data configuration without creating anything; for fail-fast at boot. */
export function checkPiiConfig(env: NodeJS.ProcessEnv = process.env): ConfigError | undefined {
  try {
    loadConfig(piiConfigSchema, env);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

const devFile = z.object({ kid: z.string().regex(KEY_ID), key: z.string(), hmacKey: z.string() });

/** Creates the development keys unless present; several processes starting at once agree on one file. */
export async function ensureDevPiiKeys(dir: string): Promise<PiiKeys> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, DEV_PII_KEY_FILE);
  let content = await readIfExists(path);
  if (content === undefined) {
    const fresh = JSON.stringify({ kid: 'dev1', key: randomBytes(32).toString('base64'), hmacKey: randomBytes(32).toString('base64') });
    await publishOnce(path, fresh);
    content = await readFile(path, 'utf8');
  }
  const stored = devFile.safeParse(JSON.parse(content));
  if (!stored.success) throw new Error(`${path} is not a valid development key file; delete it to recreate`);
  return {
    keys: new Map([[stored.data.kid, Buffer.from(stored.data.key, 'base64')]]),
    activeKeyId: stored.data.kid,
    hmacKey: Buffer.from(stored.data.hmacKey, 'base64'),
    development: true,
  };
}
