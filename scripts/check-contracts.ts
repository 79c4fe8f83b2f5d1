// `npm run check:contracts` (part of `npm test`): checks the two published contracts against
// `git merge-base HEAD <base>` (BASE_REF, else origin/main; without either it says so and passes):
// - the event catalog: an event version of the base may only gain optional fields; a removed event
//   type, a removed field, a new required field or a changed type fails, naming the event and field
//   (the JSON Schemas of buildAsyncApiDocument() against the base's docs/asyncapi.yaml);
// - the graph: every breaking change of gateway/supergraph.graphql against the base's is listed, and
//   fails unless docs/graph-changes-allowed.json records it with a reason.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ASYNCAPI_FILE, buildAsyncApiDocument } from '@yekuo/events';
import {
  ALLOWED_GRAPH_CHANGES_FILE as ALLOW_FILE,
  describeEventViolation,
  eventCatalogViolations,
  eventSchemasOf,
  graphChanges,
  parseAllowedGraphChanges,
  SUPERGRAPH_FILE,
} from './lib/contract-check';
import { fileAtCommit, mergeBase } from './lib/merge-base';

const root = resolve(__dirname, '..');

async function main(): Promise<number> {
  const base = mergeBase(root, 'the contracts');
  if (!base.commit) {
    (base.fail ? console.error : console.log)(`check:contracts: ${base.note}`);
    return base.fail ? 1 : 0;
  }
  let failed = false;

  const baseAsyncApi = fileAtCommit(root, base.commit, ASYNCAPI_FILE);
  if (baseAsyncApi === undefined) {
    console.log(`check:contracts: events: ${base.label} has no ${ASYNCAPI_FILE}; nothing to compare.`);
  } else {
    const violations = eventCatalogViolations(eventSchemasOf(parseYaml(baseAsyncApi)), eventSchemasOf(buildAsyncApiDocument()));
    if (violations.length > 0) {
      failed = true;
      console.error(
        [
          `check:contracts: events: ${violations.length} change${violations.length === 1 ? '' : 's'} break event versions published at ${base.label}:`,
          ...violations.map((v) => `  ${describeEventViolation(v)}`),
          'A published event version may only gain optional fields; publish a new .vN type beside it for anything else.',
        ].join('\n'),
      );
    } else {
      console.log(`check:contracts: events: every event version of ${base.label} still reads as it did.`);
    }
  }

  const baseSupergraph = fileAtCommit(root, base.commit, SUPERGRAPH_FILE);
  if (baseSupergraph === undefined) {
    console.log(`check:contracts: graph: ${base.label} has no ${SUPERGRAPH_FILE}; nothing to compare.`);
  } else {
    const allow = parseAllowedGraphChanges(JSON.parse(readFileSync(join(root, ALLOW_FILE), 'utf8')));
    const report = await graphChanges(baseSupergraph, readFileSync(join(root, SUPERGRAPH_FILE), 'utf8'), allow);
    const breaking = report.allowed.length + report.unallowed.length;
    console.log(`check:contracts: graph: ${breaking} breaking change${breaking === 1 ? '' : 's'} since ${base.label}:`);
    for (const { change, reason } of report.allowed) console.log(`  allowed: ${change.message} (${reason})`);
    for (const change of report.unallowed) console.log(`  NOT ALLOWED: ${change.message}`);
    for (const change of report.dangerous) console.log(`  dangerous (not breaking): ${change.message}`);
    for (const entry of report.unused) console.log(`  note: ${ALLOW_FILE} lists a change the graph does not make: ${entry.change}`);
    if (report.unallowed.length > 0) {
      failed = true;
      console.error(
        `check:contracts: graph: ${report.unallowed.length} breaking change${report.unallowed.length === 1 ? '' : 's'} not in ${ALLOW_FILE}; ` +
          'make the change additive (a new field, the old one deprecated) or record each with the reason clients can live with it.',
      );
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`check:contracts: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
