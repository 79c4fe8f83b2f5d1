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
  // The browser suite starts an OpenID Connect provider in its own process.
  'oidc-provider',
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

// The console's unit and component tests: TSX with React's automatic runtime; component tests in
// jsdom (apps/console/jest.setup.ts adds what jsdom lacks and Ant Design and the router read).
const consoleUnit = {
  ...base,
  displayName: 'unit',
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
        module: { type: 'commonjs' },
        swcrc: false,
      },
    ],
  },
  // Node by default; a component test says `/** @jest-environment jsdom */` at its top.
  testEnvironment: 'node',
  // graphql-codegen (the codegen drift test) requires ESM-only auto-bind.
  transformIgnorePatterns: [`node_modules/(?!(${[...esmOnly, 'auto-bind'].join('|')})/)`],
  setupFiles: ['<rootDir>/apps/console/jest.setup.ts'],
  testMatch: ['<rootDir>/apps/**/*.spec.{ts,tsx}'],
};

module.exports = {
  // The default output, plus the counts `npm test` totals across the runs Nx starts.
  reporters: ['default', '<rootDir>/scripts/lib/count-reporter.js'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,gateway,scripts}/**/*.spec.ts'] },
    consoleUnit,
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,gateway,scripts}/**/*.int-spec.ts'],
      slowTestThreshold: 30,
      setupFilesAfterEnv: ['<rootDir>/scripts/lib/jest-slow-tier.js'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      slowTestThreshold: 60,
      setupFilesAfterEnv: ['<rootDir>/scripts/lib/jest-slow-tier.js'],
    },
    // The console in Chromium against the whole system, and checks of its build (`npm run test:browser`, after the build).
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts', '<rootDir>/apps/console/src/**/*.browser-spec.ts'],
      slowTestThreshold: 60,
    },
  ],
};
