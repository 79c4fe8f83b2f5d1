// Framework-free (graphql only; @apollo/server for types): the gateway and every subgraph
// refuse introspection the same way unless it is configured on (GRAPHQL_INTROSPECTION=true).
import type { ApolloServerPlugin } from '@apollo/server';
import { ASTVisitor, getNamedType, GraphQLError, isIntrospectionType, validate, ValidationContext } from 'graphql';

/** `extensions.code` of a query refused for selecting `__schema` or `__type` while introspection is off. */
export const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';

/**
 * Reports each `__schema` and `__type` field as INTROSPECTION_DISABLED (`__typename` stays
 * allowed; federation's `_service { sdl }`, which `npm run compose` reads, is not introspection).
 */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const type = getNamedType(context.getType());
      if (type && isIntrospectionType(type)) {
        context.reportError(
          new GraphQLError(`Introspection is disabled: "${node.name.value}" cannot be queried`, {
            nodes: node,
            extensions: { code: INTROSPECTION_DISABLED, http: { status: 400 } },
          }),
        );
      }
    },
  };
}

/**
 * An Apollo Server plugin that refuses an introspection query with INTROSPECTION_DISABLED
 * unless `enabled`. (Apollo's own `introspection: false` answers GRAPHQL_VALIDATION_FAILED,
 * and a validation rule's code is replaced by that one too; an error thrown once the
 * operation is resolved reaches the client with its own code.)
 */
export function introspectionGate(enabled: boolean): ApolloServerPlugin {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
    requestDidStart: async () =>
      enabled
        ? undefined
        : {
            // eslint-disable-next-line @typescript-eslint/require-await -- as above.
            didResolveOperation: async ({ schema, document }) => {
              const [refused] = validate(schema, document, [noIntrospectionRule]);
              if (refused) throw refused;
            },
          },
  };
}
