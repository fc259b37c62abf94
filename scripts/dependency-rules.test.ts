import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the real .dependency-cruiser.cjs over a small tree laid out like the repository, with one file per
// allowed import and one per forbidden import of STYLE §2's table, so a loosened rule fails here.

const ROOT = join(import.meta.dirname, '..');

/** path -> source. `v-*` files break exactly one rule; `ok-*` files must pass. */
const TREE: Record<string, string> = {
  'core/index.ts': 'export const x = 1;',
  'drivers/interfaces/power.ts': 'export interface P { a: number }',
  'drivers/hardware-types.ts': 'export const h = 1;',
  'drivers/fake/power.ts': "import type { P } from '../interfaces/power.js';\nexport const f: P = { a: 1 };",
  'drivers/redfish/power.ts': 'export const r = 1;',
  'conductor/persistence/repository.ts': 'export interface R { a: number }',
  'conductor/persistence/sqlite/store.ts': 'export const s = 1;',
  'conductor/persistence/index.ts': "export type { R } from './repository.js';\nexport { s } from './sqlite/store.js';",
  'conductor/config.ts': 'export interface ConductorConfig { a: number }\nexport const loadConfig = 1;',
  'conductor/workers/deploy.ts': 'export const d = 1;',
  'conductor/api/nodes.ts': 'export const n = 1;',
  'conductor/boot/port.ts': 'export const b = 1;',
  'agent/x.ts': 'export const a = 1;',
  'conductor/main.ts':
    "import { s } from './persistence/sqlite/store.js';\nimport { r } from '../drivers/redfish/power.js';\nexport const m = s + r;",
  'conductor/workers/ok-ports.ts': [
    "import { x } from '../../core/index.js';",
    "import type { P } from '../../drivers/interfaces/power.js';",
    "import { h } from '../../drivers/hardware-types.js';",
    "import type { R } from '../persistence/repository.js';",
    "import type { R as R2 } from '../persistence/index.js';",
    "import type { ConductorConfig } from '../config.js';",
    'export type T = [P, R, R2, ConductorConfig];',
    'export const o = x + h;',
  ].join('\n'),
  'conductor/api/ok-workers.ts':
    "import { d } from '../workers/deploy.js';\nimport fastify from 'fastify';\nexport const o = d + (fastify ? 1 : 0);",
  'drivers/fake/ok.test.ts': "import { r } from '../redfish/power.js';\nexport const t = r;",
  'core/ok-type-cycle-a.ts': "import type { B } from './ok-type-cycle-b.js';\nexport interface A { b?: B }",
  'core/ok-type-cycle-b.ts': "import type { A } from './ok-type-cycle-a.js';\nexport interface B { a?: A }",
  'core/v-fs.ts': "import { readFileSync } from 'node:fs';\nexport const v = readFileSync;",
  'core/v-net.ts': "import net from 'net';\nexport const v = net;",
  'core/v-dgram.ts': "import dgram from 'node:dgram';\nexport const v = dgram;",
  'core/v-cp.ts': "import cp from 'node:child_process';\nexport const v = cp;",
  'core/v-fastify.ts': "import fastify from 'fastify';\nexport const v = fastify;",
  'core/v-pg.ts': "import pg from 'pg';\nexport const v = pg;",
  'core/v-drivers.ts': "import type { P } from '../drivers/interfaces/power.js';\nexport type V = P;",
  'core/v-cycle-a.ts': "import { b } from './v-cycle-b.js';\nexport const a = (): number => b();",
  'core/v-cycle-b.ts': "import { a } from './v-cycle-a.js';\nexport const b = (): number => a();",
  'drivers/interfaces/v-fake.ts': "import { f } from '../fake/power.js';\nexport const v = f;",
  'drivers/interfaces/v-conductor.ts':
    "import type { R } from '../../conductor/persistence/repository.js';\nexport type V = R;",
  'drivers/fake/v-other-adapter.ts': "import { r } from '../redfish/power.js';\nexport const v = r;",
  'drivers/fake/v-conductor.ts': "import { d } from '../../conductor/workers/deploy.js';\nexport const v = d;",
  'drivers/fake/v-agent.ts': "import { a } from '../../agent/x.js';\nexport const v = a;",
  'drivers/v-top-adapter.ts': "import { f } from './fake/power.js';\nexport const v = f;",
  'conductor/workers/v-adapter.ts': "import { f } from '../../drivers/fake/power.js';\nexport const v = f;",
  'conductor/workers/v-sqlite.ts': "import { s } from '../persistence/sqlite/store.js';\nexport const v = s;",
  'conductor/workers/v-barrel-value.ts': "import { s } from '../persistence/index.js';\nexport const v = s;",
  'conductor/workers/v-kysely.ts': "import { Kysely } from 'kysely';\nexport const v = Kysely;",
  'conductor/periodic/v-fastify.ts': "import fastify from 'fastify';\nexport const v = fastify;",
  'conductor/periodic/v-api.ts': "import { n } from '../api/nodes.js';\nexport const v = n;",
  'conductor/periodic/v-config.ts': "import { loadConfig } from '../config.js';\nexport const v = loadConfig;",
  'conductor/api/v-adapter.ts': "import { r } from '../../drivers/redfish/power.js';\nexport const v = r;",
  'conductor/api/v-sqlite.ts': "import { s } from '../persistence/sqlite/store.js';\nexport const v = s;",
  'conductor/api/v-pg.ts': "import pg from 'pg';\nexport const v = pg;",
  'conductor/api/v-boot.ts': "import { b } from '../boot/port.js';\nexport const v = b;",
  'conductor/boot/v-workers.ts': "import { d } from '../workers/deploy.js';\nexport const v = d;",
  'conductor/boot/v-api.ts': "import { n } from '../api/nodes.js';\nexport const v = n;",
  'agent/v-conductor.ts': "import type { R } from '../conductor/persistence/repository.js';\nexport type V = R;",
  'agent/v-drivers.ts': "import { f } from '../drivers/fake/power.js';\nexport const v = f;",
  'conductor/workers/v-uses-testing.ts': "import { t } from '../api/testing/helper.js';\nexport const v = t;",
  'conductor/api/testing/helper.ts': "import { s } from '../../persistence/sqlite/store.js';\nexport const t = s;",
};

let dir = '';
let violations: string[] = [];
/** Files named by a violation, including every member of a reported cycle (depcruise reports a cycle once). */
let flagged = new Set<string>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferro-depcruise-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  for (const [path, source] of Object.entries(TREE)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${source}\n`);
  }
  const bin = join(ROOT, 'node_modules/.bin/depcruise');
  const args = [
    '--config',
    '.dependency-cruiser.cjs',
    '--output-type',
    'json',
    'core',
    'drivers',
    'conductor',
    'agent',
  ];
  let out: string;
  try {
    out = execFileSync(bin, args, { cwd: dir, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    // depcruise exits non-zero when it finds violations, which this test expects.
    out = (error as { stdout: string }).stdout;
  }
  interface Violation {
    from: string;
    rule: { name: string };
    cycle?: { name: string }[];
  }
  const result = JSON.parse(out) as { summary: { violations: Violation[] } };
  violations = result.summary.violations.map((v) => `${v.rule.name} ${v.from}`);
  flagged = new Set(result.summary.violations.flatMap((v) => [v.from, ...(v.cycle ?? []).map((c) => c.name)]));
}, 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('.dependency-cruiser.cjs encodes STYLE §2', () => {
  it('flags every forbidden import', () => {
    const files = Object.keys(TREE).filter((path) => /\/v-[^/]+\.ts$/.test(path));
    expect(files.filter((file) => !flagged.has(file))).toEqual([]);
  });

  it('accepts allowed imports, composition roots, tests and type-only cycles', () => {
    expect(violations.filter((v) => !/\/v-[^/]+\.ts$/.test(v))).toEqual([]);
  });

  it('names the rule that was broken', () => {
    expect(violations).toEqual(
      expect.arrayContaining([
        'core-no-io core/v-fs.ts',
        'core-no-io core/v-pg.ts',
        'no-circular core/v-cycle-a.ts',
        'driver-adapters-import-core-and-interfaces drivers/fake/v-other-adapter.ts',
        'workers-import-ports-only conductor/workers/v-adapter.ts',
        'persistence-barrel-type-only conductor/workers/v-barrel-value.ts',
        'workers-config-type-only conductor/periodic/v-config.ts',
        'api-no-db conductor/api/v-pg.ts',
        'boot-imports-core-and-own-port conductor/boot/v-workers.ts',
        'agent-imports-only-core agent/v-drivers.ts',
        'drivers-top-level-no-adapters drivers/v-top-adapter.ts',
        'production-code-no-test-helpers conductor/workers/v-uses-testing.ts',
      ]),
    );
  });
});
