import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-error';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY, requestOf } from './auth.decorators';
import { bindLoaders, LoaderRegistry } from '../case-copy/request-loaders';
import { JwtVerifier } from './jwt-verifier';
import { Principal, hasRole } from './principal';
import { Role } from '@yekuo/events';

/** @nestjs/graphql marks @ResolveReference() methods with this (not exported by the package). */
const RESOLVE_REFERENCE_METADATA = 'graphql:resolve_reference';

/** What the decorators say about one handler; computed once per handler and class. */
interface Policy {
  isPublic: boolean;
  roles: readonly Role[] | undefined;
  isReferenceResolver: boolean;
}

/**
 * The global guard. Deny by default: a handler without @Roles (on it or its
 * class) is forbidden to everybody, so a forgotten decorator fails closed.
 * With `fieldResolverEnhancers: ['guards']` it runs for every resolved field,
 * so the token is verified once per request and the decorator lookups once per
 * handler.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new WeakMap<object, Promise<Principal>>();
  private readonly policies = new WeakMap<object, WeakMap<object, Policy>>();

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    // Broker-delivered events carry no bearer token; they were authorised when
    // the command that produced them was accepted.
    if (type === 'rpc') return true;

    const policy = this.policyFor(context);
    if (policy.isPublic) return true;
    if (type === 'graphql' && !policy.isReferenceResolver && isFederationInternal(context)) return true;

    const request = requestOf(context);
    if (!request) throw new UnauthenticatedError();
    const principal = await this.principalOf(request, loadersOfContext(context));

    if (!policy.roles || policy.roles.length === 0) {
      throw new ForbiddenError('This operation is not open to any role');
    }
    if (!hasRole(principal, ...policy.roles)) {
      throw new ForbiddenError(`This operation requires one of the roles: ${policy.roles.join(', ')}`);
    }
    return true;
  }

  private principalOf(request: AuthenticatedRequest, loaders: LoaderRegistry | undefined): Promise<Principal> {
    let pending = this.verified.get(request);
    if (!pending) {
      // Cache the promise, not the result, so parallel field resolvers share one verification.
      pending = this.verifier.verify(bearerToken(request)).then((principal) => {
        request.principal = principal;
        bindLoaders(principal, loaders);
        return principal;
      });
      this.verified.set(request, pending);
    }
    return pending;
  }

  private policyFor(context: ExecutionContext): Policy {
    const handler = context.getHandler();
    const cls = context.getClass();
    let byClass = this.policies.get(handler);
    let policy = byClass?.get(cls);
    if (!policy) {
      const targets = [handler, cls];
      policy = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
        isReferenceResolver: this.reflector.get<boolean | undefined>(RESOLVE_REFERENCE_METADATA, handler) === true,
      };
      if (!byClass) this.policies.set(handler, (byClass = new WeakMap()));
      byClass.set(cls, policy);
    }
    return policy;
  }
}

/** The loaders of the GraphQL request (see `requestContext`); undefined for plain HTTP. */
function loadersOfContext(context: ExecutionContext): LoaderRegistry | undefined {
  if (context.getType<string>() !== 'graphql') return undefined;
  return GqlExecutionContext.create(context).getContext<{ loaders?: LoaderRegistry }>()?.loaders;
}

/** Throws UnauthenticatedError unless the request has `Authorization: Bearer <token>`. */
function bearerToken(request: AuthenticatedRequest): string {
  const header = request.headers?.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (!match) throw new UnauthenticatedError();
  return match[1];
}

/**
 * `_service` (the gateway fetches the SDL without a token) and `_entities`
 * (each entity's reference resolver is guarded itself). Reference resolvers
 * receive the `_entities` info, hence the caller excludes them.
 */
function isFederationInternal(context: ExecutionContext): boolean {
  const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo | undefined>();
  return info?.parentType?.name === 'Query' && (info.fieldName === '_service' || info.fieldName === '_entities');
}
