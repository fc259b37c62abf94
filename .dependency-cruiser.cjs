// The executable form of STYLE §2 ("Which folder may import which"), run by `npm run lint:deps`.
// Every rule names the table row it encodes. Unit tests (`*.test.ts`) and the composition roots
// (`*/main.ts`) are exempt from the layering rules: tests wire real adapters on purpose, and main.ts may
// import anything. Cycles are forbidden everywhere, tests included.

/** Tests and their helpers (`*.test.ts`, `testing/` folders, `*-test-*.ts`): they wire real adapters on purpose. */
const TEST_CODE = '\\.test\\.ts$|(^|/)testing/|-test-[a-z0-9-]*\\.ts$|^test/';

/** Paths the layering rules never apply to: composition roots and test code. */
const EXEMPT = `(^|/)main\\.ts$|${TEST_CODE}`;

/** Top-level drivers/ files (hardware-types.ts, driver-registry.ts, index.ts): names and resolution, no adapters. */
const DRIVERS_TOP = '^drivers/[^/]+\\.ts$';

/** The persistence barrel; type-only imports of it are how other folders name `Store` (STYLE §2: via index.ts). */
const PERSISTENCE_INDEX = '^conductor/persistence/index\\.ts$';

/** Node built-ins core must not touch: files, sockets, processes (STYLE §2, core row). */
const CORE_FORBIDDEN_BUILTINS =
  '^(node:)?(fs|fs/promises|net|dgram|child_process|http|https|http2|tls|dns|cluster|worker_threads)$';

/** An npm package, whether depcruise resolved it into node_modules or not. */
const npm = (names) => `(^|node_modules/)(${names})(/|$)`;

/** Database drivers and query builders. */
const DB_LIBS = npm('better-sqlite3|pg|pg-[a-z-]+|kysely');

/** HTTP servers and clients. */
const HTTP_LIBS = npm('fastify|@fastify/[^/]+|undici|light-my-request|find-my-way');

/** Fastify itself and its plugins. */
const FASTIFY = npm('fastify|@fastify/[^/]+');

/** Type-only imports of the config schema are allowed: a slice is typed as `ConductorConfig['api']`. */
const CONFIG_TYPE = '^conductor/config\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'STYLE §2: no cycles. A cycle made only of `import type` edges vanishes at compile time and is allowed, as import-x/no-cycle does.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-importing-main',
      comment: 'STYLE §2: nothing imports a composition root (*/main.ts).',
      severity: 'error',
      from: {},
      to: { path: '(^|/)main\\.ts$' },
    },
    {
      name: 'core-imports-only-core',
      comment: 'STYLE §2 core/: may import only core/.',
      severity: 'error',
      from: { path: '^core/', pathNot: EXEMPT },
      to: {
        pathNot: '^core/',
        dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
      },
    },
    {
      name: 'core-no-io',
      comment:
        'STYLE §2 core/: never node:fs/net/dgram/child_process, fastify, db or HTTP libraries (and no logger: §6).',
      severity: 'error',
      from: { path: '^core/', pathNot: EXEMPT },
      to: { path: [CORE_FORBIDDEN_BUILTINS, DB_LIBS, HTTP_LIBS, npm('pino')] },
    },
    {
      name: 'driver-interfaces-import-only-core',
      comment: 'STYLE §2 drivers/interfaces/: may import core/; never adapters, conductor/, agent/.',
      severity: 'error',
      from: { path: '^drivers/interfaces/', pathNot: EXEMPT },
      to: { path: '^(drivers|conductor|agent|ramdisk)/', pathNot: '^drivers/interfaces/' },
    },
    {
      name: 'driver-adapters-import-core-and-interfaces',
      comment:
        'STYLE §2 drivers/<adapter>/: may import core/ and drivers/interfaces/; never conductor/, agent/, other adapters.',
      severity: 'error',
      from: { path: '^drivers/(?!interfaces/)([^/]+)/', pathNot: EXEMPT },
      to: { path: '^(drivers|conductor|agent|ramdisk)/', pathNot: ['^drivers/interfaces/', '^drivers/$1/'] },
    },
    {
      name: 'workers-import-ports-only',
      comment:
        'STYLE §2 conductor/workers/, periodic/: core/, drivers/interfaces/ (+ hardware-types.ts), the repository interface; never adapters.',
      severity: 'error',
      from: { path: '^conductor/(workers|periodic)/', pathNot: EXEMPT },
      to: {
        path: '^(drivers|conductor|agent|ramdisk)/',
        pathNot: [
          '^drivers/interfaces/',
          DRIVERS_TOP,
          '^conductor/persistence/repository\\.ts$',
          PERSISTENCE_INDEX,
          '^conductor/(workers|periodic)/',
          CONFIG_TYPE,
        ],
      },
    },
    {
      name: 'workers-config-type-only',
      comment:
        'STYLE §7: workers get their config slice as a parameter; importing the schema type is fine, the loader is not.',
      severity: 'error',
      from: { path: '^conductor/(workers|periodic|api|boot)/', pathNot: EXEMPT },
      to: { path: CONFIG_TYPE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'persistence-barrel-type-only',
      comment:
        'STYLE §2: workers/, periodic/ and api/ know the repository interface only; the barrel also exports store adapters, so only `import type` from it.',
      severity: 'error',
      from: { path: '^conductor/(workers|periodic|api)/', pathNot: EXEMPT },
      to: { path: PERSISTENCE_INDEX, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'drivers-top-level-no-adapters',
      comment:
        'workers/ may import drivers/ top-level files (hardware types, registry); they in turn must not reach an adapter.',
      severity: 'error',
      from: { path: DRIVERS_TOP, pathNot: EXEMPT },
      to: { path: '^(drivers/(?!interfaces/)[^/]+/|conductor/|agent/)' },
    },
    {
      name: 'production-code-no-test-helpers',
      comment: 'STYLE §8: test helpers and fixtures are for tests; production code never imports them.',
      severity: 'error',
      from: { pathNot: EXEMPT },
      to: { path: TEST_CODE },
    },
    {
      name: 'workers-no-db-or-http',
      comment: 'STYLE §2 conductor/workers/, periodic/: never db drivers or fastify.',
      severity: 'error',
      from: { path: '^conductor/(workers|periodic)/', pathNot: EXEMPT },
      to: { path: [DB_LIBS, FASTIFY] },
    },
    {
      name: 'api-imports-workers-and-repository',
      comment: 'STYLE §2 conductor/api/: core/, workers/, the repository interface; never adapters.',
      severity: 'error',
      from: { path: '^conductor/api/', pathNot: EXEMPT },
      to: {
        path: '^(drivers|conductor|agent|ramdisk)/',
        pathNot: [
          '^conductor/api/',
          '^conductor/workers/',
          '^conductor/persistence/repository\\.ts$',
          PERSISTENCE_INDEX,
          CONFIG_TYPE,
        ],
      },
    },
    {
      name: 'api-no-db',
      comment: 'STYLE §2 conductor/api/: never db drivers.',
      severity: 'error',
      from: { path: '^conductor/api/', pathNot: EXEMPT },
      to: { path: DB_LIBS },
    },
    {
      name: 'boot-imports-core-and-own-port',
      comment: 'STYLE §2 conductor/boot/: core/ and its own BootDataReader port; never workers/, api/.',
      severity: 'error',
      from: { path: '^conductor/boot/', pathNot: EXEMPT },
      to: { path: '^(drivers|conductor|agent|ramdisk)/', pathNot: ['^conductor/boot/', CONFIG_TYPE] },
    },
    {
      name: 'agent-imports-only-core',
      comment: 'STYLE §2 agent/: core/ only; never conductor/, drivers/.',
      severity: 'error',
      from: { path: '^agent/', pathNot: EXEMPT },
      to: { path: '^(drivers|conductor|ramdisk)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage)/' },
    // See `import type` too: layering is about knowledge, not about what survives compilation.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
