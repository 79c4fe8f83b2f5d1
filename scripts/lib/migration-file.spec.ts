import { runInNewContext } from 'node:vm';
import { kebabName, nextTimestamp, pascalName, renderMigration, timestampOf } from './migration-file';

describe('a generated migration file', () => {
  it('is named in kebab case, its class in Pascal case', () => {
    expect(kebabName('add-contract-notes')).toBe('add-contract-notes');
    expect(kebabName('Add contract notes')).toBe('add-contract-notes');
    expect(kebabName('addContractNotes')).toBe('add-contract-notes');
    expect(kebabName('  drop_legacy  column! ')).toBe('drop-legacy-column');
    expect(() => kebabName('--')).toThrow('is no migration name');
    expect(() => kebabName('2026')).toThrow('is no migration name');
    expect(pascalName('drop-legacy-application-customer-name')).toBe('DropLegacyApplicationCustomerName');
  });

  it('is stamped after every migration already in the folder, even when the clock is behind them', () => {
    const existing = ['1764500000000-contracts-tables.ts', '1766000000000-drop-legacy.ts', 'drop-legacy.int-spec.ts'];
    expect(timestampOf('1766000000000-drop-legacy.ts')).toBe(1766000000000);
    expect(timestampOf('drop-legacy.int-spec.ts')).toBeUndefined();
    expect(nextTimestamp(1796000000000, existing)).toBe(1796000000000);
    expect(nextTimestamp(1765000000000, existing)).toBe(1766000000001);
    expect(nextTimestamp(1765000000000, [])).toBe(1765000000000);
  });

  it('holds the class, its name and the queries in order, with template literals escaped', () => {
    const source = renderMigration('add-contract-notes', 1796000000000, {
      up: [
        { query: 'ALTER TABLE "supply_contract" ADD "notes" text' },
        { query: `COMMENT ON COLUMN "supply_contract"."notes" IS 'a \`note\` \${x} \\ done'` },
        { query: 'UPDATE "supply_contract" SET "notes" = $1', parameters: ['none'] },
      ],
      down: [{ query: 'ALTER TABLE "supply_contract" DROP COLUMN "notes"' }],
    });
    expect(source).toBe(
      [
        "import { MigrationInterface, QueryRunner } from 'typeorm';",
        '',
        '/** Add contract notes (generated from the entities by `npm run migration:generate`). */',
        'export class AddContractNotes1796000000000 implements MigrationInterface {',
        "  name = 'AddContractNotes1796000000000';",
        '',
        '  async up(q: QueryRunner): Promise<void> {',
        '    await q.query(`ALTER TABLE "supply_contract" ADD "notes" text`);',
        '    await q.query(`COMMENT ON COLUMN "supply_contract"."notes" IS \'a \\`note\\` \\${x} \\\\ done\'`);',
        '    await q.query(`UPDATE "supply_contract" SET "notes" = $1`, ["none"]);',
        '  }',
        '',
        '  async down(q: QueryRunner): Promise<void> {',
        '    await q.query(`ALTER TABLE "supply_contract" DROP COLUMN "notes"`);',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    // The escaped SQL reads back as the query it was made from.
    const literal = /q\.query\((`COMMENT.*`)\);/.exec(source)![1];
    expect(runInNewContext(literal)).toBe(`COMMENT ON COLUMN "supply_contract"."notes" IS 'a \`note\` \${x} \\ done'`);
  });
});
