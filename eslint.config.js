// ESLint flat config (STYLE §9): typescript-eslint strictTypeChecked with type information, plus the few
// rules that catch real bugs in this codebase (exhaustive switches over wire values, node: imports,
// process.env outside composition roots). Import cycles are dependency-cruiser's job (`npm run lint:deps`):
// eslint-plugin-import-x was dropped because its native resolver's bindings are not all on the registry
// mirror, which made `npm ci` refuse the lock file. Formatting is Prettier's job (`npm run format:check`).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Bare Node built-in names (`fs`, `child_process` …); STYLE §9 wants `node:fs`. */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'bench/results/', '.ferro/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Numbers and booleans print fine; objects and undefined in messages are the bugs worth catching.
      // `never` appears after a failed type guard (`if (!isUuid(v)) throw …${v}`), which is the point.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNever: true },
      ],
      // Error messages echo bad JSON input with String(value); '[object Object]' there is harmless.
      '@typescript-eslint/no-base-to-string': 'off',
      // Records parsed from JSON are plain objects; deleting a computed key is how fields are removed.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // `parse<T>(text): T` helpers at trust boundaries are deliberate.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // `void promise` is the one spelling for deliberate fire-and-forget (background work under a
      // reservation); every other promise is awaited.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // `return reply(...)` inside a void function is a common early exit, not a confused value.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      // Adapters implement async ports without always awaiting (fakes resolve at once).
      '@typescript-eslint/require-await': 'off',
      // Ports are interfaces; classes that are only static are rare but not wrong for adapters' constants.
      '@typescript-eslint/no-extraneous-class': ['error', { allowStaticOnly: true }],
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'no-restricted-imports': [
        'error',
        { paths: NODE_BUILTINS.map((name) => ({ name, message: `Import 'node:${name}' instead (STYLE §9).` })) },
      ],
      // STYLE §7: only the composition roots read the environment; everything else gets a config slice.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only */main.ts reads process.env; take a config slice.' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  {
    // Composition roots, developer tools and test suites may read the environment and print.
    files: [
      '**/main.ts',
      'scripts/**',
      'bench/**',
      'tools/**',
      'test/**',
      '**/*.test.ts',
      '**/testing/**',
      '**/*-test-*.ts',
      '*.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
  {
    // Tests poke at results they just asserted on; vitest's `expect(obj.method)` is not an unbound call.
    files: ['**/*.test.ts', 'test/**', '**/testing/**', '**/*-test-*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // HTTP test clients return `any` bodies (`inject().json()`); the assertions are the type check.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // `afterAll(() => server?.close())` guards a beforeAll that may have failed.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Benchmarks and doc generators are developer tools: they pass peers' methods around freely.
    files: ['bench/**', 'scripts/**', 'tools/**'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Plain JS/CJS config files at the root are not part of a TypeScript project.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { 'no-restricted-properties': 'off' },
  },
);
