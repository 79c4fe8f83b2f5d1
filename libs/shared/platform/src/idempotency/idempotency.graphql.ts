import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo, Kind, OperationTypeNode } from 'graphql';
import { from, lastValueFrom, Observable } from 'rxjs';
import { requestOf } from '../auth/auth.decorators';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { IdempotencyStore } from './idempotency.store';
import { fingerprintOf, IDEMPOTENCY_HEADER, idempotencyKeyOf, IdempotencyState, IdempotentReplay } from './idempotent-request';

/** Where a keyed mutation leaves, in its GraphQL context, what the response plugin must do. */
const KEYED = Symbol('yekuo:idempotency');

interface KeyedResponse {
  state: IdempotencyState;
  /** The first request's answer, sent instead of this request's. */
  replay?: unknown;
  keep(response: unknown): Promise<void>;
}

type KeyedContext = { [KEYED]?: KeyedResponse };

/** The mutation fields a request asks for (the gateway sends one per keyed request). */
function mutationFieldsOf(info: GraphQLResolveInfo): number {
  return info.operation.selectionSet.selections.filter((s) => !(s.kind === Kind.FIELD && s.name.value === '__typename')).length;
}

/**
 * Makes every mutation of a service idempotent under an `Idempotency-Key` header, with no code in
 * the resolvers: the key is scoped to the caller (`sub`) and the mutation field, the request is
 * fingerprinted by the field's arguments, and `UnitOfWork.run` claims the key in the mutation's
 * own transaction (IdempotencyStore). A repeat is answered by `idempotencyResponsePlugin` with
 * the first request's response. Without the header, or on a query, nothing changes.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.operation.operation !== OperationTypeNode.MUTATION || info.path.prev !== undefined) return next.handle();
    const request = requestOf(context);
    const key = idempotencyKeyOf(request?.headers?.[IDEMPOTENCY_HEADER]);
    const principal = request?.principal?.sub;
    if (key === undefined || principal === undefined) return next.handle();
    if (mutationFieldsOf(info) > 1) {
      throw new DomainError('A request with an Idempotency-Key may carry one mutation field only', {
        code: ErrorCode.IDEMPOTENCY_KEY_MULTIPLE_MUTATIONS,
      });
    }
    const state: IdempotencyState = {
      request: { key, principal, operation: info.fieldName, fingerprint: fingerprintOf(gql.getArgs()) },
      committed: false,
    };
    const keyed: KeyedResponse = { state, keep: (response) => this.store.keep(state, response) };
    gql.getContext<KeyedContext>()[KEYED] = keyed;
    return from(
      this.store
        .execute(state, () => lastValueFrom(next.handle() as Observable<unknown>))
        .then((outcome) => {
          if (outcome.acted) return outcome.value;
          keyed.replay = outcome.response;
          throw new IdempotentReplay();
        }),
    );
  }
}

/**
 * The response side of `IdempotencyInterceptor`: a request that acted keeps its response (as the
 * caller gets it, errors formatted) before it is sent; one that repeats an earlier request is
 * sent that request's response instead. A response carrying a retryable error is not kept (a
 * retry would hear it forever): a repeat hears IDEMPOTENT_REQUEST_DONE.
 */
export function idempotencyResponsePlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's hooks return Promises.
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const keyed = (contextValue as KeyedContext)[KEYED];
          if (!keyed || response.body.kind !== 'single') return;
          if (keyed.replay !== undefined) {
            response.body.singleResult = keyed.replay as typeof response.body.singleResult;
            return;
          }
          const result = response.body.singleResult;
          const retryable = result.errors?.some((error) => error.extensions?.retryable === true);
          await keyed.keep(retryable ? undefined : result);
        },
      };
    },
  };
}
