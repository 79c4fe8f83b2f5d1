// For component tests only: a GraphQL client answered from canned data, and tokens to sign in with.
import { Client, makeResult, type Exchange, type Operation } from 'urql';
import { filter, fromValue, mergeMap, pipe } from 'wonka';

/** What the canned server answers an operation: data, or GraphQL errors. */
export interface CannedAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A client that answers every operation at once with `answer`'s result; `seen` collects what was sent. */
export function cannedClient(answer: (operation: Operation) => CannedAnswer, seen: Operation[] = []): Client {
  const canned: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        seen.push(operation);
        return fromValue(makeResult(operation, answer(operation) as Parameters<typeof makeResult>[1]));
      }),
    );
  return new Client({ url: 'http://console.test/graphql', exchanges: [canned] });
}

/** A token the console can read, valid for an hour (unsigned: the console only reads claims). */
export function testToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.sig`;
}
