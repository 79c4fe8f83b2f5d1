import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode } from 'graphql';
import { ErrorCode } from '@yekuo/platform/core';

/**
 * A request with an `Idempotency-Key` may ask for one mutation field: the key names one change,
 * and the gateway would send several fields of one subgraph in one fetch. More is refused before
 * any service is asked, with IDEMPOTENCY_KEY_MULTIPLE_MUTATIONS (HTTP 400). A query ignores the key.
 */
export function idempotencyKeyPlugin(): ApolloServerPlugin {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
    requestDidStart: async ({ request }) => {
      if (!request.http?.headers.get('idempotency-key')) return {};
      return {
        // eslint-disable-next-line @typescript-eslint/require-await -- as above.
        didResolveOperation: async ({ operation }) => {
          if (operation?.operation !== OperationTypeNode.MUTATION) return;
          const fields = operation.selectionSet.selections.filter((s) => !(s.kind === Kind.FIELD && s.name.value === '__typename'));
          if (fields.length <= 1) return;
          throw new GraphQLError(`A request with an Idempotency-Key may carry one mutation field; this one carries ${fields.length}`, {
            extensions: { code: ErrorCode.IDEMPOTENCY_KEY_MULTIPLE_MUTATIONS, http: { status: 400 } },
          });
        },
      };
    },
  };
}
