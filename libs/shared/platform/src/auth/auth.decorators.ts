import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Principal } from './principal';
import { Role } from '@yekuo/events';

export const ROLES_KEY = 'yekuo:auth:roles';
export const PUBLIC_KEY = 'yekuo:auth:public';

/** Roles allowed to call the handler (or every handler of the class). Without it, the guard denies. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed: health, metrics and federation internals only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The request carrying headers and `principal`, whether the call came through GraphQL or plain HTTP. */
export interface AuthenticatedRequest {
  headers?: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest | undefined {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: AuthenticatedRequest }>()?.req;
  }
  if (context.getType() === 'http') {
    return context.switchToHttp().getRequest<AuthenticatedRequest>();
  }
  return undefined;
}

/** Injects the verified Principal (undefined only on @Public() handlers called without a token). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => requestOf(context)?.principal,
);
