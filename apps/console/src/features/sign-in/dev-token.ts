/** What the development sign-in sends to the gateway's `POST /dev/token`. */
export interface DevTokenRequest {
  sub: string;
  roles: string[];
  name?: string;
  team?: string;
  department?: string;
  regions?: string[];
  actsFor?: string[];
}

/** An answer of `/dev/token` that is not a token: its per-field errors (`input.sub`) or its code. */
export class DevTokenError extends Error {
  constructor(
    readonly code: string,
    readonly fields: { field: string; message: string }[],
  ) {
    super(code);
  }
}

/** Asks the gateway's development sign-in for a token (only while the development keys are in use). */
export async function requestDevToken(request: DevTokenRequest, fetchImpl: typeof fetch = fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl('/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch {
    throw new DevTokenError('NETWORK', []);
  }
  const body = (await response.json().catch(() => ({}))) as {
    token?: string;
    errors?: { extensions?: { code?: string; fields?: { field: string; message: string }[] } }[];
  };
  if (response.ok && typeof body.token === 'string') return body.token;
  const ext = body.errors?.[0]?.extensions;
  throw new DevTokenError(ext?.code ?? (response.status === 404 ? 'NOT_FOUND' : 'unknown'), ext?.fields ?? []);
}

/** `"310104, 310115"` -> `["310104", "310115"]`; blank -> undefined. */
export function csv(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}
