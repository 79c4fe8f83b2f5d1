// A service's migrations against its entities, through TypeORM's own schema builder (what
// `typeorm migration:generate` runs): shared by `npm run migration:generate` and the test
// that a fresh database migrated to the end agrees with the entities.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDataSource, SERVICES, type ServiceDefinition } from '@yekuo/platform';
import type { DataSource, EntityMetadata, Table } from 'typeorm';
import { TableIndex } from 'typeorm';
import { checkPostgres, databaseUrlFor, DEFAULT_DATABASE_ADMIN_URL, dropDatabases, ensureDatabases } from './infrastructure';
import type { SchemaDiff, SchemaQuery } from './migration-file';

export type { SchemaDiff, SchemaQuery } from './migration-file';

export const SERVICE_NAMES: readonly string[] = SERVICES.map((s) => s.name);

/** The folder of a service's own migrations, relative to the repository root. */
export const migrationsFolderOf = (service: string): string => join('services', service, 'src', 'migrations');

/** The definition a service boots with (entities and migrations, the shared ones included), loaded from its TypeScript source. */
export async function loadServiceDefinition(service: string): Promise<ServiceDefinition> {
  if (!SERVICE_NAMES.includes(service)) throw new Error(`unknown service "${service}": one of ${SERVICE_NAMES.join(', ')}`);
  const exports = (await import(`../../services/${service}/src/${service}.service-definition`)) as Record<string, unknown>;
  const definition = Object.values(exports).find(
    (value): value is ServiceDefinition =>
      typeof value === 'object' &&
      value !== null &&
      (value as ServiceDefinition).name === service &&
      Array.isArray((value as ServiceDefinition).migrations),
  );
  if (!definition)
    throw new Error(`services/${service}/src/${service}.service-definition.ts exports no service definition named "${service}"`);
  return definition;
}

interface SchemaBuilderInternals {
  tables: Table[];
  executeSchemaSyncOperationsInProperOrder(): Promise<void>;
  log(): Promise<{ upQueries: SchemaQuery[]; downQueries: SchemaQuery[] }>;
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name) => b.includes(name));

/**
 * Narrows the tables TypeORM loaded from the database to what the entities describe, so the
 * comparison holds the entities to everything they declare without asking them to repeat
 * what only the migrations state:
 * - tables and columns: every entity column must exist with its type, length, array-ness,
 *   nullability, primary key, generation and uniqueness; a column the entity does not map is
 *   accepted only when an insert through the entity still works (nullable, defaulted or generated);
 * - a default the entity declares must be the database's; a column without one may have one;
 * - indexes, unique constraints, checks, exclusions and foreign keys the entity names must
 *   exist as declared (a unique constraint stands for a unique index of the same name and
 *   columns); those only the migrations create (partial indexes, checks, foreign keys) are theirs.
 */
export function scopeTablesToEntities(
  tables: Table[],
  metadatas: readonly EntityMetadata[],
  isUnique: (column: EntityMetadata['columns'][number]) => boolean,
): void {
  for (const metadata of metadatas) {
    const table = tables.find((t) => t.name === metadata.tablePath || t.name.split('.').at(-1) === metadata.tableName);
    if (!table) continue;
    const named = (list: readonly { name?: string }[], name: string | undefined) => list.some((item) => item.name === name);
    table.checks = table.checks.filter((check) => named(metadata.checks, check.name));
    table.exclusions = table.exclusions.filter((exclusion) => named(metadata.exclusions, exclusion.name));
    table.foreignKeys = table.foreignKeys.filter((foreignKey) => named(metadata.foreignKeys, foreignKey.name));
    for (const unique of table.uniques) {
      const declaredAsIndex = metadata.indices.some(
        (index) =>
          index.name === unique.name &&
          index.isUnique &&
          sameColumns(
            index.columns.map((c) => c.databaseName),
            unique.columnNames,
          ),
      );
      if (declaredAsIndex && !named(table.indices, unique.name)) {
        table.indices.push(new TableIndex({ name: unique.name, columnNames: [...unique.columnNames], isUnique: true }));
      }
    }
    table.uniques = table.uniques.filter((unique) => named(metadata.uniques, unique.name));
    table.indices = table.indices.filter((index) => named(metadata.indices, index.name));
    // An unmapped column stays in view (and is reported) only when it would make an insert through the entity fail.
    table.columns = table.columns.filter(
      (column) =>
        metadata.columns.some((c) => c.databaseName === column.name) ||
        (!column.isNullable && column.default === undefined && !column.isGenerated),
    );
    for (const column of table.columns) {
      const declared = metadata.columns.find((c) => c.databaseName === column.name);
      if (!declared) continue;
      // The database fills in a value the entity leaves to it: a uuid default, or an identity the entity never writes.
      if (column.isGenerated && !declared.isGenerated && (column.generationStrategy === 'uuid' || !declared.isInsert)) {
        column.isGenerated = false;
        column.generationStrategy = undefined;
        column.generatedIdentity = undefined;
        column.default = undefined;
      }
      if (declared.default === undefined && !declared.isGenerated && !column.isGenerated) column.default = undefined;
      if (column.isUnique && !isUnique(declared)) column.isUnique = false;
    }
  }
}

/** The pending schema changes of an initialized data source: TypeORM's schema builder on the tables narrowed by `scopeTablesToEntities`. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<SchemaDiff> {
  const builder = dataSource.driver.createSchemaBuilder() as unknown as SchemaBuilderInternals;
  if (typeof builder.executeSchemaSyncOperationsInProperOrder !== 'function' || typeof builder.log !== 'function') {
    throw new Error(
      'the TypeORM schema builder no longer has log() and executeSchemaSyncOperationsInProperOrder(): update scripts/lib/migrations.ts',
    );
  }
  const sync = builder.executeSchemaSyncOperationsInProperOrder.bind(builder);
  const driver = dataSource.driver as unknown as { normalizeIsUnique(column: EntityMetadata['columns'][number]): boolean };
  builder.executeSchemaSyncOperationsInProperOrder = async () => {
    if (!Array.isArray(builder.tables))
      throw new Error('the TypeORM schema builder no longer loads `tables`: update scripts/lib/migrations.ts');
    scopeTablesToEntities(builder.tables, dataSource.entityMetadatas, (column) => driver.normalizeIsUnique(column));
    await sync();
  };
  const sql = await builder.log();
  const plain = (q: SchemaQuery): SchemaQuery => (q.parameters?.length ? { query: q.query, parameters: q.parameters } : { query: q.query });
  // TypeORM lists the down queries in the order it made them; they undo the up queries last first.
  return { up: sql.upQueries.map(plain), down: sql.downQueries.map(plain).reverse() };
}

/** The server to create scratch databases on: DATABASE_ADMIN_URL or the local default. */
export const databaseAdminUrl = (env: NodeJS.ProcessEnv = process.env): string => env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;

/**
 * Creates a scratch database, runs every migration the service boots with (the shared ones
 * first), hands the migrated data source to `use`, and drops the database again, also when
 * anything fails. `dropOnSignal` (a command line tool): also on Ctrl-C or SIGTERM, then exit.
 */
export async function withMigratedScratchDatabase<T>(
  definition: ServiceDefinition,
  use: (dataSource: DataSource) => Promise<T>,
  adminUrl = databaseAdminUrl(),
  { dropOnSignal = false }: { dropOnSignal?: boolean } = {},
): Promise<T> {
  const problem = await checkPostgres(adminUrl);
  if (problem)
    throw new Error(`PostgreSQL at ${new URL(adminUrl).host} is not usable (${problem.problem}); start it or set DATABASE_ADMIN_URL`);
  const name = `yekuo_scratch_${definition.name}_${randomBytes(4).toString('hex')}`;
  await ensureDatabases(adminUrl, [name]);
  const dataSource = createDataSource({
    url: databaseUrlFor(adminUrl, name),
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: 2,
  });
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: dropping the scratch database ${name}`);
    void dropDatabases(adminUrl, [name]).finally(() => process.exit(130));
  };
  if (dropOnSignal) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, onSignal);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    return await use(dataSource);
  } finally {
    if (dropOnSignal) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabases(adminUrl, [name]);
  }
}

/** The pending schema changes of `service` on a fresh database migrated to the end. */
export async function schemaDriftOf(service: string, adminUrl = databaseAdminUrl()): Promise<SchemaDiff> {
  return withMigratedScratchDatabase(await loadServiceDefinition(service), pendingSchemaChanges, adminUrl);
}

/** The queries one per line, as a reader wants them in a failure message. */
export const formatQueries = (queries: readonly SchemaQuery[]): string =>
  queries.map((q) => `  ${q.query.trim()}${q.parameters?.length ? `  -- parameters ${JSON.stringify(q.parameters)}` : ''}`).join('\n');
