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
  moduleNameMapper: { '^@yekuo/shared$': '<rootDir>/libs/shared/src/index.ts', '^@yekuo/shared/(.*)$': '<rootDir>/libs/shared/src/$1' },
  testEnvironment: 'node',
  rootDir: __dirname,
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,gateway,scripts}/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{libs,services,gateway}/**/*.int-spec.ts'], slowTestThreshold: 30 },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], slowTestThreshold: 60 },
  ],
};
