import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { usePageConfig } from '../app/page-config-context';
import type { Role } from '../graphql/schema';
import { type ClaimMapping, yekuoClaims } from './claims';
import { endProviderSession } from './oidc';

/** The claims of a Yekuo token the console reads (the services verify the token; this only shows and routes). */
export interface Claims {
  sub: string;
  roles: string[];
  name?: string;
  team?: string;
  department?: string;
  regions: string[];
  actsFor: string[];
  /** Seconds since the epoch. */
  exp: number;
}

export interface Session {
  token: string;
  claims: Claims;
}

const STORAGE_KEY = 'yekuo.session';

function decodePart(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The claims of `token` under Yekuo's names (`mapping`: where a provider keeps them), or undefined when it is not a JWT the console can read. */
export function claimsOf(token: string, mapping?: ClaimMapping): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = yekuoClaims(decodePart(parts[1]) as Record<string, unknown>, mapping);
    if (typeof payload.sub !== 'string' || !Array.isArray(payload.roles) || typeof payload.exp !== 'number') return undefined;
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
    return {
      sub: payload.sub,
      roles: strings(payload.roles),
      name: typeof payload.name === 'string' ? payload.name : undefined,
      team: typeof payload.team === 'string' ? payload.team : undefined,
      department: typeof payload.department === 'string' ? payload.department : undefined,
      regions: strings(payload.regions),
      actsFor: strings(payload.actsFor),
      exp: payload.exp,
    };
  } catch {
    return undefined;
  }
}

/** A token's role as the graph's `Role` enum names it (`intake-clerk` -> `INTAKE_CLERK`). */
export function graphRole(role: string): Role {
  return role.toUpperCase().replace(/-/g, '_') as Role;
}

export function hasRole(session: Session | undefined, ...roles: Role[]): boolean {
  return Boolean(session?.claims.roles.some((r) => roles.includes(graphRole(r))));
}

/** Customers and their agents use the portal; everyone else the staff console. */
export function isCustomerSide(session: Session | undefined): boolean {
  return hasRole(session, 'CUSTOMER', 'AGENT') && !session!.claims.roles.some((r) => !['customer', 'agent'].includes(r));
}

/** Set while the session came from the organisation's identity provider (its session there is ended on sign-out). */
const PROVIDER_KEY = 'yekuo.session.provider';

function load(now: number, mapping: ClaimMapping | undefined): Session | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  const claims = token ? claimsOf(token, mapping) : undefined;
  if (!token || !claims || claims.exp * 1000 <= now) {
    forget();
    return undefined;
  }
  return { token, claims };
}

function forget(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStorage.removeItem(PROVIDER_KEY);
}

interface SessionContextValue {
  session: Session | undefined;
  /** Keeps `token` as the session; `from` says whether the identity provider issued it or the development sign-in. */
  signIn: (token: string, from?: 'provider' | 'development') => Session;
  /** The person signs out: here, and at the identity provider when they signed in there and it offers that. */
  signOut: () => void;
  /** The token is no longer accepted (expired, or refused): forgotten here, the provider's session left as it is. */
  expire: () => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** Keeps the signed-in token for this browser tab (sessionStorage: closing the tab signs out). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { oidc, claims: mapping } = usePageConfig();
  const [session, setSession] = useState<Session | undefined>(() => load(Date.now(), mapping));
  const signIn = useCallback(
    (token: string, from: 'provider' | 'development' = 'development') => {
      const claims = claimsOf(token, mapping);
      if (!claims) throw new Error('The sign-in returned a token the console cannot read');
      sessionStorage.setItem(STORAGE_KEY, token);
      if (from === 'provider') sessionStorage.setItem(PROVIDER_KEY, 'true');
      else sessionStorage.removeItem(PROVIDER_KEY);
      const next = { token, claims };
      setSession(next);
      return next;
    },
    [mapping],
  );
  const expire = useCallback(() => {
    forget();
    setSession(undefined);
  }, []);
  const signOut = useCallback(() => {
    const atProvider = sessionStorage.getItem(PROVIDER_KEY) === 'true';
    expire();
    // Leaves the page for the provider's sign-out, which sends the browser back to the sign-in page; a
    // provider that cannot be reached keeps its session, while this one is gone all the same.
    if (atProvider && oidc) void endProviderSession(oidc).catch(() => undefined);
  }, [expire, oidc]);
  const value = useMemo(() => ({ session, signIn, signOut, expire }), [session, signIn, signOut, expire]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
