// Makes intake publish every case's facts once more (`intake.case.facts.v1`), so case copies
// other services opened before events carried the region and business type are filled.
// Safe to run again: consumers only fill what is still empty.
// Usage: npm run cases:republish [-- --gateway http://localhost:4000/graphql] (a development admin
// token is minted; pass TOKEN=<admin token> to use another).
import { parseArgs } from 'node:util';
import { ensureDevKeys, mintToken } from '@yekuo/testing/dev-keys';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql' } },
  });
  const token =
    process.env.TOKEN ??
    (await mintToken({ sub: 'cases-republish', roles: ['admin'] }, { privateKeyPem: (await ensureDevKeys()).privateKeyPem }));
  const response = await fetch(values.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'mutation { republishCaseFacts }' }),
  });
  const body = (await response.json()) as { data?: { republishCaseFacts: number }; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`republish failed (${response.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  console.log(`published the facts of ${body.data.republishCaseFacts} case(s)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
