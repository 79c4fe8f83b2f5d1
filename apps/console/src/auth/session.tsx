import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../graphql/schema';

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

/** The claims of `token`, or undefined when it is not a JWT the console can read. */
export function claimsOf(token: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = decodePart(parts[1]) as Record<string, unknown>;
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

function load(now: number): Session | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  const claims = token ? claimsOf(token) : undefined;
  if (!token || !claims || claims.exp * 1000 <= now) {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
  return { token, claims };
}

interface SessionContextValue {
  session: Session | undefined;
  signIn: (token: string) => Session;
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** Keeps the signed-in token for this browser tab (sessionStorage: closing the tab signs out). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(() => load(Date.now()));
  const signIn = useCallback((token: string) => {
    const claims = claimsOf(token);
    if (!claims) throw new Error('The sign-in returned a token the console cannot read');
    sessionStorage.setItem(STORAGE_KEY, token);
    const next = { token, claims };
    setSession(next);
    return next;
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(undefined);
  }, []);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
