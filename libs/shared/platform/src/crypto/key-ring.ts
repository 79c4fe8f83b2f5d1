import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/config';
import { publishOnce, readIfExists } from '../service/files';

/**
 * Encryption keys by key id, and the one new data is sealed under. Older keys stay in the ring
 * so that what they sealed still opens; rotation adds a key and makes it active.
 */
export interface KeyRing {
  keys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
  /** True when generated for a developer machine; never in production. */
  development: boolean;
}

/** letters, digits, `_ . -`, at most 32: stored beside every value sealed under the key. */
export const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

/** A 32-byte key, base64-encoded. */
export const base64Key = (variable: string) =>
  z.string().refine((s) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === 32, {
    message: `${variable} keys must be 32 bytes, base64-encoded`,
  });

/** `kid1:base64key,kid2:base64key` as a map of key id to key. */
export const keyListSetting = (variable: string) =>
  z
    .string()
    .min(1)
    .transform((value, ctx) => {
      const keys = new Map<string, Buffer>();
      for (const entry of value.split(',')) {
        const [kid, key, ...rest] = entry.trim().split(':');
        if (!kid || !key || rest.length > 0 || !KEY_ID.test(kid)) {
          ctx.addIssue({ code: 'custom', message: 'expected kid:base64key[,kid:base64key...] (kid: letters, digits, _ . -)' });
          return z.NEVER;
        }
        if (!base64Key(variable).safeParse(key).success) {
          ctx.addIssue({ code: 'custom', message: `key ${kid} must be 32 bytes, base64-encoded` });
          return z.NEVER;
        }
        if (keys.has(kid)) {
          ctx.addIssue({ code: 'custom', message: `key id ${kid} appears twice` });
          return z.NEVER;
        }
        keys.set(kid, Buffer.from(key, 'base64'));
      }
      return keys;
    });

/** A key ring read from `<PREFIX>_KEYS` and `<PREFIX>_ACTIVE_KEY_ID`, generated into a file in development. */
export interface KeyRingSpec {
  /** `DOCUMENT` reads `DOCUMENT_KEYS` and `DOCUMENT_ACTIVE_KEY_ID`. */
  prefix: string;
  /** The development key file's name in `DEV_KEY_DIR` (default `var/keys`). */
  devFile: string;
}

/** The settings of one key ring (and `DEV_KEY_DIR`), checked as a whole. */
export function keyRingSchema({ prefix }: KeyRingSpec) {
  const keysVariable = `${prefix}_KEYS`;
  const activeVariable = `${prefix}_ACTIVE_KEY_ID`;
  return z
    .object({
      NODE_ENV: z.string().default('development'),
      [keysVariable]: keyListSetting(keysVariable).optional(),
      [activeVariable]: z.string().regex(KEY_ID, 'letters, digits, _ . - (at most 32)').optional(),
      DEV_KEY_DIR: z.string().min(1).default('var/keys'),
    })
    .superRefine((env, ctx) => {
      const keys = env[keysVariable] as Map<string, Buffer> | undefined;
      const active = env[activeVariable] as string | undefined;
      if (env.NODE_ENV === 'production' || keys !== undefined || active !== undefined) {
        for (const [variable, value] of [
          [keysVariable, keys],
          [activeVariable, active],
        ] as const) {
          if (value === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [variable],
              message: env.NODE_ENV === 'production' ? 'is required in production' : `is required when ${prefix}_* keys are configured`,
            });
          }
        }
      }
      if (keys && active && !keys.has(active)) {
        ctx.addIssue({ code: 'custom', path: [activeVariable], message: `names no key in ${keysVariable}` });
      }
    });
}

/** Validates a key ring's configuration without creating anything; for fail-fast at boot. */
export function checkKeyRingConfig(spec: KeyRingSpec, env: NodeJS.ProcessEnv = process.env): ConfigError | undefined {
  try {
    loadConfig(keyRingSchema(spec), env);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

/**
 * Reads a key ring from the environment; throws a ConfigError naming the variable at fault.
 * Outside production and with none configured, uses a development ring generated once into
 * `DEV_KEY_DIR` (several processes starting at once agree on one file).
 */
export async function loadKeyRing(spec: KeyRingSpec, env: NodeJS.ProcessEnv = process.env): Promise<KeyRing> {
  const parsed = loadConfig(keyRingSchema(spec), env);
  const keys = parsed[`${spec.prefix}_KEYS`] as Map<string, Buffer> | undefined;
  const active = parsed[`${spec.prefix}_ACTIVE_KEY_ID`] as string | undefined;
  if (keys && active) return { keys, activeKeyId: active, development: false };
  return ensureDevKeyRing(join(parsed.DEV_KEY_DIR as string, spec.devFile));
}

const devFile = z.object({ kid: z.string().regex(KEY_ID), key: base64Key('development') });

async function ensureDevKeyRing(path: string): Promise<KeyRing> {
  await mkdir(dirname(path), { recursive: true });
  let content = await readIfExists(path);
  if (content === undefined) {
    await publishOnce(path, JSON.stringify({ kid: 'dev1', key: randomBytes(32).toString('base64') }));
    content = await readFile(path, 'utf8');
  }
  const stored = devFile.safeParse(JSON.parse(content));
  if (!stored.success) throw new Error(`${path} is not a valid development key file; delete it to recreate`);
  return { keys: new Map([[stored.data.kid, Buffer.from(stored.data.key, 'base64')]]), activeKeyId: stored.data.kid, development: true };
}
