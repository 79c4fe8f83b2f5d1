import type { JWTPayload } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from '@yekuo/events';

/** The Yekuo claims an identity provider's token may carry under names of its own. */
export const MAPPED_CLAIMS = ['roles', 'name', 'team', 'regions', 'department', 'actsFor'] as const;
export type MappedClaim = (typeof MAPPED_CLAIMS)[number];

/**
 * Where each Yekuo claim is in a provider's token (a claim name, or a dot path into nested claims:
 * `realm_access.roles`), and the provider's role names as Yekuo's (`{"yk-clerk": "intake-clerk"}`).
 * A claim not named is read under its own name (a Yekuo token needs no mapping).
 */
export type ClaimMapping = Partial<Record<MappedClaim, string>> & { roleNames?: Record<string, Role> };

const claimPath = z
  .string()
  .min(1)
  .refine(
    (path) => path.split('.').every((segment) => segment.trim() !== ''),
    'expected a claim name or a dot path, e.g. realm_access.roles',
  );

const claimMappingSchema = z.strictObject(
  {
    ...(Object.fromEntries(MAPPED_CLAIMS.map((claim) => [claim, claimPath.optional()])) as Record<
      MappedClaim,
      z.ZodOptional<typeof claimPath>
    >),
    roleNames: z.record(z.string().min(1), z.enum(ROLES)).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.map((key) => `"${key}"`).join(', ')} is no Yekuo claim (mappable: ${MAPPED_CLAIMS.join(', ')}, and roleNames)`
        : undefined,
  },
);

/**
 * `JWT_CLAIMS`: the claim mapping as JSON, e.g. `{"roles": "realm_access.roles", "roleNames": {"yk-clerk": "intake-clerk"}}`.
 * Text that is not JSON, a key that is no Yekuo claim or a role name that is not Yekuo's fails the boot, naming it.
 */
export function claimMappingSetting() {
  return z.string().transform((text, ctx): ClaimMapping => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not JSON (${(error as Error).message})` });
      return z.NEVER;
    }
    const parsed = claimMappingSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message });
    }
    return z.NEVER;
  });
}

/** The value at `path` in `payload`: a claim of that very name first (names may hold dots, e.g. URLs), else the dot path. */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * The claims of a provider's token under Yekuo's names, ready for the Principal. With `roleNames`
 * only the roles it names count: a provider's own roles (`offline_access`, or one that happens to
 * be called `admin`) never become Yekuo's by their name alone.
 */
export function mapClaims(payload: JWTPayload, mapping: ClaimMapping | undefined): JWTPayload {
  if (!mapping) return payload;
  const mapped: JWTPayload = { ...payload };
  for (const claim of MAPPED_CLAIMS) {
    const path = mapping[claim];
    if (path !== undefined) mapped[claim] = claimAt(payload, path);
  }
  const { roleNames } = mapping;
  if (roleNames && Array.isArray(mapped.roles)) {
    const roles = (mapped.roles as unknown[]).flatMap((role) =>
      typeof role === 'string' && Object.hasOwn(roleNames, role) ? [roleNames[role]] : [],
    );
    mapped.roles = [...new Set(roles)];
  }
  return mapped;
}
