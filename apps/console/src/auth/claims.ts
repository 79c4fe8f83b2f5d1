/** The Yekuo claims an identity provider's token may carry under names of its own. */
const MAPPED_CLAIMS = ['roles', 'name', 'team', 'regions', 'department', 'actsFor'] as const;

/**
 * Where each Yekuo claim is in the provider's tokens (a claim name, or a dot path such as
 * `realm_access.roles`) and the provider's role names as Yekuo's: the gateway's JWT_CLAIMS, handed
 * over in the page config. The services read tokens the same way (the platform's claim-mapping.ts).
 */
export type ClaimMapping = Partial<Record<(typeof MAPPED_CLAIMS)[number], string>> & { roleNames?: Record<string, string> };

/** The value at `path`: a claim of that very name first (names may hold dots, e.g. URLs), else the dot path. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A token's claims under Yekuo's names; with `roleNames` only the provider's roles it names count, as Yekuo's. */
export function yekuoClaims(payload: Record<string, unknown>, mapping: ClaimMapping | undefined): Record<string, unknown> {
  if (!mapping) return payload;
  const mapped = { ...payload };
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
