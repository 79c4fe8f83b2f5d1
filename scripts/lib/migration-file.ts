// Naming and writing a migration file in the style of the committed ones (a class
// `<PascalName><timestamp>` implementing MigrationInterface, one `q.query` per statement).
import { readdirSync } from 'node:fs';

export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

/** What TypeORM would run to make the database match the entities (`up`), and to undo that (`down`, in the order to run it). */
export interface SchemaDiff {
  up: SchemaQuery[];
  down: SchemaQuery[];
}

const WORD = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `Add contract notes` → `add-contract-notes`; refuses names that have no letters or digits. */
export function kebabName(name: string): string {
  const kebab = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!WORD.test(kebab)) throw new Error(`"${name}" is no migration name: use words, e.g. add-contract-notes`);
  return kebab;
}

/** `add-contract-notes` → `AddContractNotes`. */
export const pascalName = (kebab: string): string =>
  kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** The timestamp of a migration file name (`1765000000000-name.ts`), or undefined. */
export const timestampOf = (fileName: string): number | undefined => {
  const match = /^(\d{13,})-.*\.ts$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
};

/** A timestamp for a new migration: now, but always after every migration already there (TypeORM runs them in timestamp order). */
export function nextTimestamp(now: number, existingFileNames: readonly string[]): number {
  const latest = Math.max(0, ...existingFileNames.map(timestampOf).filter((t): t is number => t !== undefined));
  return Math.max(now, latest + 1);
}

/** The migration file names in a folder (specs and other files left out). */
export const migrationFilesIn = (folder: string): string[] =>
  readdirSync(folder).filter((file) => timestampOf(file) !== undefined && !/\.(int-|e2e-)?spec\.ts$/.test(file));

function templateLiteral(sql: string): string {
  return '`' + sql.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${') + '`';
}

function statement(q: SchemaQuery): string {
  const parameters = q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : '';
  return `    await q.query(${templateLiteral(q.query.trim())}${parameters});`;
}

/** The source of a migration class `<PascalName><timestamp>` with the given queries, in the style of the committed migrations. */
export function renderMigration(kebab: string, timestamp: number, diff: SchemaDiff): string {
  const className = `${pascalName(kebab)}${timestamp}`;
  const sentence = kebab.replaceAll('-', ' ');
  return [
    "import { MigrationInterface, QueryRunner } from 'typeorm';",
    '',
    `/** ${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} (generated from the entities by \`npm run migration:generate\`). */`,
    `export class ${className} implements MigrationInterface {`,
    `  name = '${className}';`,
    '',
    '  async up(q: QueryRunner): Promise<void> {',
    ...diff.up.map(statement),
    '  }',
    '',
    '  async down(q: QueryRunner): Promise<void> {',
    ...diff.down.map(statement),
    '  }',
    '}',
    '',
  ].join('\n');
}
