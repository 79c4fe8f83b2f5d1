import { Client, makeResult, type Exchange, type Operation } from 'urql';
import { filter, fromValue, mergeMap, pipe } from 'wonka';

export interface CannedResult {
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A client that answers every operation at once with a canned result (component tests only). */
export function cannedClient(answer: (operation: Operation) => CannedResult, seen: Operation[] = []): Client {
  const canned: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        seen.push(operation);
        return fromValue(makeResult(operation, answer(operation)));
      }),
    );
  return new Client({ url: 'http://console.test/graphql', exchanges: [canned] });
}

/** A token the console can read (unsigned: the console only reads claims). */
export function testToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.sig`;
}
