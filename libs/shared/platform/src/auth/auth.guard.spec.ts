import 'reflect-metadata';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ResolveReference } from '@nestjs/graphql';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { CurrentPrincipal, Public, Roles } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { mintToken } from '@yekuo/testing';
import { JwtVerifier } from './jwt-verifier';
import { Role } from '@yekuo/events';

class CasesController {
  @Public()
  health() {}

  @Roles('surveyor')
  survey() {}

  undecorated() {}
}

@Roles('planner')
class PlanningResolver {
  plan() {}

  @Roles('approver')
  approve() {}

  @ResolveReference()
  resolveReference() {}
}

interface FakeRequest {
  headers: Record<string, string>;
  principal?: unknown;
}

function httpContext(cls: object, handler: object, req: FakeRequest): ExecutionContext {
  const args = [req, {}, () => undefined];
  return {
    getType: () => 'http',
    getClass: () => cls,
    getHandler: () => handler,
    getArgs: () => args,
    getArgByIndex: (i: number) => args[i],
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => args[1], getNext: () => args[2] }),
    switchToRpc: () => {
      throw new Error('not rpc');
    },
    switchToWs: () => {
      throw new Error('not ws');
    },
  } as unknown as ExecutionContext;
}

function graphqlContext(cls: object, handler: object, req: FakeRequest, info: { fieldName: string; parentType: string }, argCount = 4) {
  const gqlInfo = { fieldName: info.fieldName, parentType: { name: info.parentType } };
  // Reference resolvers get (reference, context, info): three arguments.
  const args = argCount === 3 ? [{}, { req }, gqlInfo] : [{}, {}, { req }, gqlInfo];
  return {
    getType: () => 'graphql',
    getClass: () => cls,
    getHandler: () => handler,
    getArgs: () => args,
    getArgByIndex: (i: number) => args[i],
  } as unknown as ExecutionContext;
}

async function outcomeOf(promise: Promise<boolean>): Promise<true | ErrorCode> {
  try {
    const allowed = await promise;
    if (allowed !== true) throw new Error(`guard returned ${String(allowed)}`);
    return allowed;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.extensions.code;
  }
}

describe('AuthGuard', () => {
  let privateKeyPem: string;
  let verifier: JwtVerifier;
  let guard: AuthGuard;
  const controller = CasesController.prototype;
  const resolver = PlanningResolver.prototype;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKeyPem = await exportPKCS8(pair.privateKey);
    verifier = new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem: await exportSPKI(pair.publicKey) });
  });

  beforeEach(() => {
    guard = new AuthGuard(verifier, new Reflector());
  });

  afterEach(() => jest.restoreAllMocks());

  /** A customer is known by id (a UUID); the same sub serves the staff roles. */
  const SUB = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
  const requestAs = async (...roles: Role[]): Promise<FakeRequest> => ({
    headers: { authorization: `Bearer ${await mintToken({ sub: SUB, roles }, { privateKeyPem })}` },
  });

  it('lets @Public() handlers through without a token', async () => {
    const req: FakeRequest = { headers: {} };
    expect(await outcomeOf(guard.canActivate(httpContext(CasesController, controller.health, req)))).toBe(true);
    expect(req.principal).toBeUndefined();
  });

  it('rejects a missing token with UNAUTHENTICATED', async () => {
    const ctx = httpContext(CasesController, controller.survey, { headers: {} });
    expect(await outcomeOf(guard.canActivate(ctx))).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it('rejects a non-bearer or invalid token with UNAUTHENTICATED', async () => {
    const basic = httpContext(CasesController, controller.survey, { headers: { authorization: 'Basic dTE6cA==' } });
    const garbage = httpContext(CasesController, controller.survey, { headers: { authorization: 'Bearer nope' } });
    expect(await outcomeOf(guard.canActivate(basic))).toBe(ErrorCode.UNAUTHENTICATED);
    expect(await outcomeOf(guard.canActivate(garbage))).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it('denies by default: no @Roles on handler or class is FORBIDDEN, even for admin', async () => {
    const ctx = httpContext(CasesController, controller.undecorated, await requestAs('admin'));
    expect(await outcomeOf(guard.canActivate(ctx))).toBe(ErrorCode.FORBIDDEN);
  });

  it('rejects a principal without a required role with FORBIDDEN', async () => {
    const ctx = httpContext(CasesController, controller.survey, await requestAs('planner', 'customer'));
    expect(await outcomeOf(guard.canActivate(ctx))).toBe(ErrorCode.FORBIDDEN);
  });

  it('lets a principal with a required role through and stores it on the request', async () => {
    const req = await requestAs('customer', 'surveyor');
    expect(await outcomeOf(guard.canActivate(httpContext(CasesController, controller.survey, req)))).toBe(true);
    expect(req.principal).toEqual({ sub: SUB, roles: ['customer', 'surveyor'], regions: [], actsFor: [] });
  });

  it('applies class-level @Roles, with the handler’s @Roles taking precedence', async () => {
    const planner = await requestAs('planner');
    const info = { fieldName: 'plan', parentType: 'Mutation' };
    expect(await outcomeOf(guard.canActivate(graphqlContext(PlanningResolver, resolver.plan, planner, info)))).toBe(true);
    expect(await outcomeOf(guard.canActivate(graphqlContext(PlanningResolver, resolver.approve, planner, info)))).toBe(ErrorCode.FORBIDDEN);
  });

  it('reads the request from the GraphQL context and verifies the token once per request', async () => {
    const verify = jest.spyOn(verifier, 'verify');
    const req = await requestAs('planner');
    const fields = ['plan', 'a', 'b', 'c'].map((fieldName) =>
      guard.canActivate(graphqlContext(PlanningResolver, resolver.plan, req, { fieldName, parentType: 'Case' })),
    );
    expect(await Promise.all(fields.map(outcomeOf))).toEqual([true, true, true, true]);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(req.principal).toMatchObject({ sub: SUB, roles: ['planner'] });
  });

  it('lets federation `_service` through without a token', async () => {
    const ctx = graphqlContext(CasesController, controller.undecorated, { headers: {} }, { fieldName: '_service', parentType: 'Query' });
    expect(await outcomeOf(guard.canActivate(ctx))).toBe(true);
  });

  it('still guards reference resolvers, which run with the `_entities` info', async () => {
    const entities = { fieldName: '_entities', parentType: 'Query' };
    const anonymous = graphqlContext(PlanningResolver, resolver.resolveReference, { headers: {} }, entities, 3);
    const surveyor = graphqlContext(PlanningResolver, resolver.resolveReference, await requestAs('surveyor'), entities, 3);
    const planner = graphqlContext(PlanningResolver, resolver.resolveReference, await requestAs('planner'), entities, 3);
    expect(await outcomeOf(guard.canActivate(anonymous))).toBe(ErrorCode.UNAUTHENTICATED);
    expect(await outcomeOf(guard.canActivate(surveyor))).toBe(ErrorCode.FORBIDDEN);
    expect(await outcomeOf(guard.canActivate(planner))).toBe(true);
  });

  it('does not treat a field named `_service` on another type as internal', async () => {
    const ctx = graphqlContext(CasesController, controller.undecorated, { headers: {} }, { fieldName: '_service', parentType: 'Case' });
    expect(await outcomeOf(guard.canActivate(ctx))).toBe(ErrorCode.UNAUTHENTICATED);
  });
});

describe('CurrentPrincipal', () => {
  class C {
    handler(@CurrentPrincipal() _p: unknown) {}
  }
  // Nest keeps param decorator factories under this key on the class; calling the
  // factory is what Nest does at runtime.
  const factory = Object.values(Reflect.getMetadata('__routeArguments__', C, 'handler') as Record<string, { factory: unknown }>)[0]
    .factory as (data: unknown, ctx: ExecutionContext) => unknown;
  const principal = { sub: 'u1', roles: ['planner'], regions: [], actsFor: [] };

  it('reads the principal from an HTTP request', () => {
    expect(factory(undefined, httpContext(C, C.prototype.handler, { headers: {}, principal }))).toBe(principal);
  });

  it('reads the principal from the GraphQL context request', () => {
    const ctx = graphqlContext(C, C.prototype.handler, { headers: {}, principal }, { fieldName: 'x', parentType: 'Query' });
    expect(factory(undefined, ctx)).toBe(principal);
  });
});
