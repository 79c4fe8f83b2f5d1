// Three tiers (unit, integration, end to end), one transform: swc with the
// decorator metadata NestJS needs. ESM-only dependencies are transformed too,
// because Jest's CommonJS runtime cannot require them as they ship.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const esmOnly = [
  '@nestjs',
  '@apollo/server',
  '@as-integrations',
  'file-type',
  'load-esm',
  'uid',
  'jose',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
];

const base = {
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  testEnvironment: 'node',
  // Workspace packages resolve through their `exports` maps; the `yekuo-source` condition picks
  // their TypeScript sources, as the typecheck (tsconfig.json) and the scripts (tsx) do.
  testEnvironmentOptions: { customExportConditions: ['yekuo-source', 'node', 'node-addons'] },
  rootDir: __dirname,
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

module.exports = {
  // The default output, plus the counts `npm test` totals across the runs Nx starts.
  reporters: ['default', '<rootDir>/scripts/lib/count-reporter.js'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,gateway,scripts}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,gateway,scripts}/**/*.int-spec.ts'],
      slowTestThreshold: 30,
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], slowTestThreshold: 60 },
  ],
};
