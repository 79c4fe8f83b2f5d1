// @ts-check
// Type-aware linting for the whole workspace: @eslint/js recommended everywhere,
// typescript-eslint recommendedTypeChecked on TypeScript (types from the root tsconfig.json).
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

// `*.fixtures.ts`: a service's test fixtures (case builders, upstream events), shared by its integration tests.
const testFiles = ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fixtures.ts'];

/** A service reads "now" from its injected TimeSource, never from the system clock. */
const SYSTEM_CLOCK = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Read the time from the injected TimeSource (this.time.now()), not new Date().',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Read the time from the injected TimeSource (this.time.now()), not Date.now().',
  },
];

/** The case copy's mechanics, written once in `@yekuo/platform` (case-copy): a service extends `CaseCopyStore`. */
const CASE_COPY_METHODS = ['findVisible', 'lockFor', 'moveTo', 'verifyAudit'];
const caseCopyMechanics = (/** @type {string[]} */ names) => {
  const name = `/^(${names.join('|')})$/`;
  const message = `${names.join(', ')} belong to the case copy in @yekuo/platform (extend CaseCopyStore), not to a service.`;
  return [
    { selector: `MethodDefinition[key.name=${name}]`, message },
    { selector: `PropertyDefinition[key.name=${name}]`, message },
    { selector: `FunctionDeclaration[id.name=${name}]`, message },
    { selector: `VariableDeclarator[id.name=${name}]`, message },
  ];
};

/** Events are consumed through `@ConsumeEvent` (inbox, outcome and log in one place), never a bare `@EventPattern`. */
const BARE_EVENT_PATTERN = {
  selector: "Decorator[expression.callee.name='EventPattern']",
  message: 'Consume events with @ConsumeEvent from @yekuo/platform (it wraps the inbox, the outcome and the log).',
};

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'var/**',
      '.nx/**',
      'coverage/**',
      'docs/**',
      'apps/console/src/**/*.generated.ts',
      'apps/console/src/graphql/schema.ts',
    ],
  },

  eslint.configs.recommended,

  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // NestJS modules are decorated classes with no members by design (only in the strict presets; off should they be adopted).
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },

  {
    files: testFiles,
    rules: {
      // Test responses (GraphQL, HTTP, AMQP) are untyped JSON read straight into assertions.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(mock.method).toHaveBeenCalled() passes methods unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    // The layers (docs/ARCHITECTURE.md, "Layout"): the event contract at the bottom, then the
    // platform and policy, time limits, and the services and the gateway on top. Services never
    // import each other; the test kit is for tests, scripts and benchmarks only.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          // The platform's own tests use the test kit, which is built on the platform.
          ignoredCircularDependencies: [['platform', 'testing']],
          depConstraints: [
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contract'] },
            { sourceTag: 'type:policy', onlyDependOnLibsWithTags: ['type:contract', 'type:platform'] },
            { sourceTag: 'type:timelimits', onlyDependOnLibsWithTags: ['type:contract', 'type:platform', 'type:policy'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contract', 'type:platform'] },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contract', 'type:platform', 'type:policy', 'type:timelimits'],
            },
            { sourceTag: 'type:gateway', onlyDependOnLibsWithTags: ['type:platform'] },
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: [
                'type:contract',
                'type:platform',
                'type:policy',
                'type:timelimits',
                'type:testing',
                'type:gateway',
              ],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contract', 'type:platform', 'type:testing', 'type:tooling'] },
            // The console is a browser application: it speaks to the graph only, never to a library of the services.
            { sourceTag: 'type:console', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },

  {
    // The console's React code: the rules of hooks.
    files: ['apps/console/src/**/*.tsx', 'apps/console/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-syntax': [
        'error',
        {
          // Its measuring textarea is focusable though hidden (axe: aria-hidden-focus) and is styled by a
          // style attribute the page's CSP blocks.
          selector: "JSXAttribute[name.name='autoSize']",
          message: 'Give a TextArea fixed rows: autoSize breaks the CSP and accessibility.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'The console renders text, never HTML.',
        },
      ],
    },
  },

  {
    // Tests may also use the test kit; tests and tools may read an application's source.
    files: [...testFiles, 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // A test or a tool may reach into an application's source (an in-process service, a config schema).
          allow: [
            '../../services/**',
            '../../../services/**',
            '../gateway/src/**',
            '../../gateway/src/**',
            '../scripts/**',
            '../../scripts/**',
            // The browser suite shares the end-to-end suite's identities and values.
            '../e2e/**',
          ],
          ignoredCircularDependencies: [['platform', 'testing']],
          depConstraints: [
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contract', 'type:testing'] },
            { sourceTag: 'type:policy', onlyDependOnLibsWithTags: ['type:contract', 'type:platform', 'type:testing'] },
            {
              sourceTag: 'type:timelimits',
              onlyDependOnLibsWithTags: ['type:contract', 'type:platform', 'type:policy', 'type:testing'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contract', 'type:platform'] },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contract', 'type:platform', 'type:policy', 'type:timelimits', 'type:testing'],
            },
            { sourceTag: 'type:gateway', onlyDependOnLibsWithTags: ['type:platform', 'type:testing'] },
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: [
                'type:contract',
                'type:platform',
                'type:policy',
                'type:timelimits',
                'type:testing',
                'type:gateway',
              ],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contract', 'type:platform', 'type:testing', 'type:tooling'] },
          ],
        },
      ],
    },
  },

  {
    // No test may be focused or skipped: the suite that passes is the whole suite.
    rules: {
      'no-restricted-properties': [
        'error',
        ...['it', 'describe', 'test'].flatMap((object) =>
          ['only', 'skip'].map((property) => ({
            object,
            property,
            message: 'Focused or skipped tests are not allowed: the whole suite must run.',
          })),
        ),
      ],
      'no-restricted-globals': [
        'error',
        ...['fit', 'fdescribe', 'xit', 'xdescribe', 'xtest'].map((name) => ({
          name,
          message: 'Focused or skipped tests are not allowed: the whole suite must run.',
        })),
      ],
    },
  },

  {
    // A service reads "now" from its injected TimeSource (TIME_SOURCE; in inputs, validationTime), never from
    // the system clock: every recorded time and every time limit then follows one clock, which a test can set.
    files: ['services/*/src/**/*.ts'],
    ignores: [...testFiles, 'services/*/src/migrations/**'],
    rules: { 'no-restricted-syntax': ['error', ...SYSTEM_CLOCK, ...caseCopyMechanics(CASE_COPY_METHODS), BARE_EVENT_PATTERN] },
  },

  {
    // Intake owns the Case root: its case service keeps its own `findVisible` (read through the request's loader).
    files: ['services/intake/src/case/case.service.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...SYSTEM_CLOCK,
        ...caseCopyMechanics(CASE_COPY_METHODS.filter((m) => m !== 'findVisible')),
        BARE_EVENT_PATTERN,
      ],
    },
  },

  {
    // The case copy's mechanics and the consumer wrapper live in the platform's case-copy package alone.
    files: ['libs/shared/*/src/**/*.ts', 'gateway/src/**/*.ts'],
    ignores: [...testFiles, 'libs/shared/platform/src/case-copy/**'],
    rules: { 'no-restricted-syntax': ['error', ...caseCopyMechanics(CASE_COPY_METHODS), BARE_EVENT_PATTERN] },
  },

  {
    // Plain JavaScript config files (jest.config.js, this file): no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
      },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
