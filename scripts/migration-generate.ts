// `npm run migration:generate -- <service> <name>`: runs the service's migrations (the shared
// ones first, as the service boots) on a scratch database, asks TypeORM's schema builder what
// the entities still need, and writes it as services/<service>/src/migrations/<timestamp>-<name>.ts.
// The scratch database is dropped afterwards, also when something fails or on Ctrl-C.
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { kebabName, migrationFilesIn, nextTimestamp, pascalName, renderMigration } from './lib/migration-file';
import {
  formatQueries,
  loadServiceDefinition,
  migrationsFolderOf,
  pendingSchemaChanges,
  SERVICE_NAMES,
  withMigratedScratchDatabase,
} from './lib/migrations';

const USAGE = `usage: npm run migration:generate -- <service> <name>
  service  one of ${SERVICE_NAMES.join(', ')}
  name     what the migration does, e.g. add-contract-notes`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 2 || args.some((a) => a.startsWith('-'))) {
    console.error(USAGE);
    return 2;
  }
  const [service, name] = args;
  const kebab = kebabName(name);
  const definition = await loadServiceDefinition(service);
  const root = resolve(__dirname, '..');
  const folder = join(root, migrationsFolderOf(service));

  const diff = await withMigratedScratchDatabase(definition, pendingSchemaChanges, undefined, { dropOnSignal: true });
  if (diff.up.length === 0) {
    console.log(`Nothing to generate: a database migrated with every migration of ${service} already matches its entities.`);
    return 0;
  }

  const timestamp = nextTimestamp(Date.now(), migrationFilesIn(folder));
  const file = join(folder, `${timestamp}-${kebab}.ts`);
  const source = await format(renderMigration(kebab, timestamp, diff), { ...(await resolveConfig(file)), filepath: file });
  await writeFile(file, source, { flag: 'wx' });
  const className = `${pascalName(kebab)}${timestamp}`;
  console.log(relative(process.cwd(), file));
  console.log(`\n${diff.up.length} quer${diff.up.length === 1 ? 'y' : 'ies'} up:\n${formatQueries(diff.up)}`);
  console.log(
    `\nNext: add ${className} to the migrations of services/${service}/src/${service}.service-definition.ts ` +
      `(import it from './migrations/${timestamp}-${kebab}'), read the SQL, and commit it.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
