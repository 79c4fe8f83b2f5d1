// A subgraph that answers its part of the README's case query from memory: no NestJS, no
// database, no token check. `bench/floor.ts` puts five of them behind the real gateway to measure
// what the gateway and five subgraph fetches cost when the subgraphs do no work of their own.
//
//   node --import tsx bench/lib/stub-subgraph.ts <intake|planning|inspection|contracts|metering> <port> <apollo|cached>
//
// apollo: Apollo Server executes every request (the cheapest a GraphQL server can be while still
//         executing); cached: plain node:http executes a query text once and answers every later
//         request with the same text with the same bytes (the cheapest a subgraph can be at all).
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

// Leaf values are valid members of the supergraph's enums, so the gateway passes them on unchanged.
const CASE = {
  intake: {
    number: 'YK-2026-000001',
    status: 'SUBMITTED',
    category: 'HV_DUAL_SOURCE',
    journey: {
      currentStage: 'APPLICATION',
      nextAction: { role: 'INTAKE_CLERK', team: null, description: 'Check the application' },
      utilityTimeSeconds: 3600,
      customerTimeSeconds: 0,
    },
  },
  planning: { planningStatus: 'AWAITING_SURVEY', scheme: { version: 1, status: 'DRAFTED' } },
  inspection: { designReview: { status: 'AWAITING_SUBMISSION' }, acceptance: { status: 'NOT_REQUESTED' } },
  contracts: { contract: { version: 1, status: 'DRAFTED' }, fees: { total: '0.00', settled: false } },
  metering: { metering: { blockedBy: ['CONTRACT_SIGNED'], gateOpenedAt: null, energizedAt: null } },
} as const;

const TYPES: Record<keyof typeof CASE, string> = {
  intake: `
    type Query { case(id: ID!): Case }
    type Case @key(fields: "id") { id: ID! number: String! status: String! category: String! journey: CaseJourney! }
    type CaseJourney { currentStage: String! nextAction: JourneyNextAction utilityTimeSeconds: Int! customerTimeSeconds: Int! }
    type JourneyNextAction { role: String! team: String description: String! }`,
  planning: `
    type Case @key(fields: "id") { id: ID! planningStatus: String scheme: SupplyScheme }
    type SupplyScheme { version: Int! status: String! }`,
  inspection: `
    type Case @key(fields: "id") { id: ID! designReview: DesignReview acceptance: CompletionAcceptance }
    type DesignReview { status: String! }
    type CompletionAcceptance { status: String! }`,
  contracts: `
    type Case @key(fields: "id") { id: ID! contract: SupplyContract fees: Fees }
    type SupplyContract { version: Int! status: String! }
    type Fees { total: String! settled: Boolean! }`,
  metering: `
    type Case @key(fields: "id") { id: ID! metering: Metering }
    type Metering { blockedBy: [String!]! gateOpenedAt: String energizedAt: String }`,
};

const [name, portText, mode] = process.argv.slice(2) as [keyof typeof CASE, string, string];
if (!(name in CASE) || !/^\d+$/.test(portText ?? '') || !['apollo', 'cached'].includes(mode)) {
  console.error('usage: stub-subgraph.ts <intake|planning|inspection|contracts|metering> <port> <apollo|cached>');
  process.exit(2);
}
const port = Number(portText);
const schema = buildSubgraphSchema({
  typeDefs: parse(`${FEDERATION}\n${TYPES[name]}`),
  resolvers: {
    ...(name === 'intake' ? { Query: { case: (_: unknown, { id }: { id: string }) => ({ id, ...CASE.intake }) } } : {}),
    Case: { __resolveReference: (reference: { id: string }) => ({ id: reference.id, ...CASE[name] }) },
  },
});

async function main(): Promise<void> {
  if (mode === 'apollo') {
    const server = new ApolloServer({ schema });
    await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  } else {
    const answers = new Map<string, Buffer>();
    const http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
          let answer = answers.get(body.query);
          if (!answer) {
            answer = Buffer.from(JSON.stringify(await graphql({ schema, source: body.query, variableValues: body.variables })));
            answers.set(body.query, answer);
          }
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length }).end(answer);
        })();
      });
    });
    http.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  }
  console.log(`stub ${name} (${mode}) listening on ${port}`);
}

void main();
