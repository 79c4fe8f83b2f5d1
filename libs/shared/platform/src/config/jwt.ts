import { z } from 'zod';
import { claimMappingSetting } from '../auth/claim-mapping';
import { JWKS_COOLDOWN_MS, JWT_ALGORITHMS, type JwtAlgorithm, type JwtSettings } from '../auth/jwt-verifier';

/**
 * The token check's variables, the same in every service and the gateway: who issues tokens and
 * for whom, the key they are verified with (the development key file, or the identity provider's
 * JWKS, which wins when set), the algorithms accepted and where Yekuo's claims are in them.
 */
export function jwtConfigShape() {
  return {
    JWT_ISSUER: z.string().min(1).default('yekuo-dev'),
    JWT_AUDIENCE: z.string().min(1).default('yekuo'),
    JWT_PUBLIC_KEY_FILE: z.string().min(1).default('var/keys/jwt-public.pem'),
    /** The identity provider's JWKS (its `jwks_uri`); when set, tokens are verified against it and JWT_PUBLIC_KEY_FILE is not read. */
    JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The least time between two fetches of the JWKS set off by an unknown `kid` (a rotated key is picked up within it). */
    JWT_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(JWKS_COOLDOWN_MS),
    /** The signature algorithms accepted, comma-separated (asymmetric ones only). */
    JWT_ALGORITHMS: z
      .string()
      .transform((text) => text.split(',').map((alg) => alg.trim()))
      .refine(
        (algorithms): algorithms is JwtAlgorithm[] => algorithms.every((alg) => (JWT_ALGORITHMS as readonly string[]).includes(alg)),
        `expected a comma-separated list of ${JWT_ALGORITHMS.join(', ')}`,
      )
      .default(['RS256']),
    /** Where Yekuo's claims are in the provider's tokens (JSON, see ClaimMapping); under their own names when unset. */
    JWT_CLAIMS: claimMappingSetting().optional(),
  };
}

type JwtConfig = z.infer<z.ZodObject<ReturnType<typeof jwtConfigShape>>>;

/** The token check a process's configuration describes. */
export function jwtSettingsOf(config: JwtConfig): JwtSettings {
  return {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    publicKeyFile: config.JWT_PUBLIC_KEY_FILE,
    jwksUrl: config.JWT_JWKS_URL,
    jwksCooldownMs: config.JWT_JWKS_COOLDOWN_MS,
    algorithms: config.JWT_ALGORITHMS,
    claims: config.JWT_CLAIMS,
  };
}
