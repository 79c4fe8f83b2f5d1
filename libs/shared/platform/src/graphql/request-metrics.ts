// Framework-free (@apollo/server for types only): the gateway and every subgraph time their
// GraphQL requests the same way, each into its own Prometheus histogram.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** One answered GraphQL request, as a metric records it. */
export interface GraphQLRequestObservation {
  /** The operation's name, bounded by OperationNames. */
  operation: string;
  /** `query`, `mutation`, `subscription`, or `unknown` when the document did not parse or validate. */
  type: string;
  /** `error` when the response carried any error (a partial answer included), else `success`. */
  outcome: 'success' | 'error';
  seconds: number;
}

/** A name Prometheus may carry as a label value, as GraphQL spells names. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
/** What the gateway's query planner appends to a named operation it sends a subgraph (`GetCase__intake__0`). */
const PLANNER_SUFFIX = /__[_0-9A-Za-z]+__\d+$/;

/**
 * Turns operation names, which clients choose, into label values of bounded number: a missing
 * name is `anonymous`, a name GraphQL would not accept `invalid`, and once `limit` distinct names
 * have been seen every new one is `other`. A subgraph sees the client's name behind the planner's
 * suffix, which is taken off, so the gateway and the subgraphs label one operation alike.
 */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = 200) {}

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    const client = name.replace(PLANNER_SUFFIX, '');
    if (!NAME.test(client)) return 'invalid';
    if (this.seen.has(client)) return client;
    if (this.seen.size >= this.limit) return 'other';
    this.seen.add(client);
    return client;
  }
}

/**
 * An Apollo Server plugin that times every request from its start to its response and hands
 * `observe` the operation, its type and whether the response carried errors.
 */
export function requestMetricsPlugin<C extends BaseContext>(
  observe: (observation: GraphQLRequestObservation) => void,
  names = new OperationNames(),
): ApolloServerPlugin<C> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's hooks return Promises.
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let failed = false;
      return {
        // eslint-disable-next-line @typescript-eslint/require-await -- as above.
        async didEncounterErrors() {
          failed = true;
        },
        // eslint-disable-next-line @typescript-eslint/require-await -- as above.
        async willSendResponse({ request, operation, operationName, response }) {
          const errors = response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
          observe({
            operation: names.label(operationName ?? request.operationName),
            type: operation?.operation ?? 'unknown',
            outcome: failed || errors ? 'error' : 'success',
            seconds: Number(process.hrtime.bigint() - started) / 1e9,
          });
        },
      };
    },
  };
}
