// oidc-provider ships no type declarations: the part of its API the browser suite uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  /** A token the provider is about to issue (what `extraTokenClaims` is asked about). */
  export interface IssuedToken {
    kind: string;
    accountId?: string;
  }

  export interface ResourceServer {
    scope: string;
    audience: string;
    accessTokenTTL?: number;
    accessTokenFormat: 'jwt' | 'opaque';
    jwt?: { sign?: { alg: string } };
  }

  export interface Configuration {
    clients: Record<string, unknown>[];
    jwks: { keys: Record<string, unknown>[] };
    cookies?: { keys: string[] };
    pkce?: { required: () => boolean };
    findAccount: (ctx: unknown, id: string) => { accountId: string; claims: () => Record<string, unknown> } | undefined;
    extraTokenClaims?: (ctx: unknown, token: IssuedToken) => Record<string, unknown> | undefined;
    clientBasedCORS?: (ctx: unknown, origin: string) => boolean;
    features: {
      devInteractions?: { enabled: boolean };
      rpInitiatedLogout?: { enabled: boolean };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource: () => string;
        getResourceServerInfo: (ctx: unknown, resourceIndicator: string) => ResourceServer;
      };
    };
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    /** Koa's: an HTTP server answering the provider's endpoints. */
    listen(port: number, host: string, listening?: () => void): Server;
  }

  export const errors: { InvalidTarget: new (description?: string) => Error };
}
