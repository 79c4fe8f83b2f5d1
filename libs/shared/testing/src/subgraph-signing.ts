import { bodyDigest, SubgraphSigner, UNSIGNED_PAYLOAD } from '@yekuo/platform/core';

/** Subgraphs this process started (or was pointed at), by origin, with the key their gateway signs with. */
const signers = new Map<string, SubgraphSigner>();

/**
 * Makes the test kit's clients (`graphql`, `subgraphFetch`) sign every request to the subgraph at
 * `url`'s origin with `signer`, as its gateway would; returns the undo. `startServiceInProcess` and
 * `startSystem` call it for the services they start, so tests calling a subgraph directly need
 * nothing more.
 */
export function signRequestsTo(url: string, signer: SubgraphSigner): () => void {
  const origin = new URL(url).origin;
  signers.set(origin, signer);
  return () => {
    if (signers.get(origin) === signer) signers.delete(origin);
  };
}

/**
 * fetch(), signed as the gateway signs when `url` is a subgraph this process knows (see
 * signRequestsTo): a string body (GraphQL's JSON) by its hash, any other body (a multipart
 * upload, streamed by the gateway) as UNSIGNED_PAYLOAD. Other URLs (the gateway) go unsigned.
 */
export async function subgraphFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const signer = signers.get(target.origin);
  if (!signer) return fetch(target, init);
  const headers = new Headers(init.headers);
  const method = init.method ?? 'GET';
  const payload =
    typeof init.body === 'string'
      ? bodyDigest(init.body)
      : init.body == null && target.pathname === '/graphql'
        ? bodyDigest()
        : UNSIGNED_PAYLOAD;
  const signature = signer.sign({ method, path: target.pathname + target.search, payload, headers: Object.fromEntries(headers) });
  for (const [name, value] of Object.entries(signature)) headers.set(name, value);
  return fetch(target, { ...init, headers });
}
