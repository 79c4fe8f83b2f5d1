import { changedMigrations, describeChanges, FileVersion, isMigrationPath } from './migration-check';

const CONTRACTS = 'services/contracts/src/migrations/1765000000000-contract-documents-and-withdrawal.ts';
const PLATFORM = 'libs/shared/platform/src/database/migrations/1764201600000-messaging-and-audit.ts';
const files = (entries: Record<string, string>): FileVersion[] => Object.entries(entries).map(([path, blob]) => ({ path, blob }));

describe('committed migrations', () => {
  it('are the TypeScript files directly in a migrations folder, wherever it lives', () => {
    expect(isMigrationPath(CONTRACTS)).toBe(true);
    expect(isMigrationPath(PLATFORM)).toBe(true);
    expect(isMigrationPath('libs/shared/src/database/migrations/1765200000000-time-limit-clocks.ts')).toBe(true);
    expect(isMigrationPath('services/inspection/src/migrations/migrations.int-spec.ts')).toBe(false);
    expect(isMigrationPath('services/metering/src/migrations/meter-removal.spec.ts')).toBe(false);
    expect(isMigrationPath('services/contracts/src/migrations/nested/1765000000000-x.ts')).toBe(false);
    expect(isMigrationPath('services/contracts/src/contract/contract.service.ts')).toBe(false);
    expect(isMigrationPath('libs/shared/platform/dist/database/migrations/1764201600000-messaging-and-audit.d.ts')).toBe(false);
    expect(isMigrationPath('node_modules/some-lib/migrations/1.ts')).toBe(false);
  });

  it('pass when every migration of the base is unchanged, and new ones are added', () => {
    const base = files({ [CONTRACTS]: 'a1', [PLATFORM]: 'b1', 'services/contracts/src/app.module.ts': 'c1' });
    const current = files({
      [CONTRACTS]: 'a1',
      [PLATFORM]: 'b1',
      'services/contracts/src/app.module.ts': 'c2',
      'services/contracts/src/migrations/1766000000000-drop-legacy-application-customer-name.ts': 'd1',
    });
    expect(changedMigrations(base, current)).toEqual([]);
  });

  it('fail on a migration modified in place, renamed or deleted, naming each file', () => {
    const base = files({
      [CONTRACTS]: 'a1',
      [PLATFORM]: 'b1',
      'services/intake/src/migrations/1764288000000-intake-tables.ts': 'c1',
      'services/metering/src/migrations/1765000000001-meter-removal.ts': 'd1',
    });
    const current = files({
      [CONTRACTS]: 'a2',
      'libs/shared/events/src/migrations/1764201600000-messaging-and-audit.ts': 'b1',
      'services/metering/src/migrations/1765000000001-meter-removal.ts': 'd1',
    });
    expect(changedMigrations(base, current)).toEqual([
      { kind: 'renamed', path: PLATFORM, to: 'libs/shared/events/src/migrations/1764201600000-messaging-and-audit.ts', modified: false },
      { kind: 'modified', path: CONTRACTS },
      { kind: 'deleted', path: 'services/intake/src/migrations/1764288000000-intake-tables.ts' },
    ]);
  });

  it('tell a migration moved and changed under its file name from one deleted', () => {
    const base = files({ 'libs/shared/src/database/migrations/1765200000000-time-limit-clocks.ts': 'a1' });
    const current = files({ 'libs/shared/timelimits/src/migrations/1765200000000-time-limit-clocks.ts': 'a2' });
    expect(changedMigrations(base, current)).toEqual([
      {
        kind: 'renamed',
        path: 'libs/shared/src/database/migrations/1765200000000-time-limit-clocks.ts',
        to: 'libs/shared/timelimits/src/migrations/1765200000000-time-limit-clocks.ts',
        modified: true,
      },
    ]);
  });

  it('ignore files that are not migrations on either side', () => {
    const base = files({ 'services/inspection/src/migrations/migrations.int-spec.ts': 'a1' });
    expect(changedMigrations(base, [])).toEqual([]);
  });

  it('are reported with the base and what to do instead', () => {
    const report = describeChanges(
      [
        { kind: 'modified', path: CONTRACTS },
        { kind: 'deleted', path: PLATFORM },
      ],
      'abc123 (the merge base of HEAD and origin/main)',
    );
    expect(report.split('\n').slice(0, 3)).toEqual([
      '2 committed migrations changed since abc123 (the merge base of HEAD and origin/main):',
      `  modified: ${CONTRACTS}`,
      `  deleted:  ${PLATFORM}`,
    ]);
    expect(report).toContain('npm run migration:generate -- <service> <name>');
  });
});
