import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

// STYLE §5: every stable error code is explained to operators in docs/errors.md (the fastify habit).
const root = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
const rows = [...doc.matchAll(/^\| `([A-Za-z]+)` \| (\d{3}) \|/gm)].map((m) => ({
  code: m[1] ?? '',
  status: Number(m[2]),
}));
const documented = new Set(rows.map((r) => r.code));

/** The rows under the "## Driver errors" heading, up to the next level-2 heading. */
const driverSection = /^## Driver errors\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(doc)?.[1] ?? '';
const driverRows = [...driverSection.matchAll(/^\| `([A-Za-z]+)` \| (\d{3}) \|/gm)].map((m) => ({
  code: m[1] ?? '',
  status: Number(m[2]),
}));

/**
 * Driver error codes, read from the source: DriverOperationError (core/errors.ts) carries a code chosen by the
 * adapter, so ERROR_CODES cannot list them. Two shapes exist, and a third one makes this test fail:
 *   - a literal at the call: `new DriverOperationError('HardwareInspectionFailure', …)`;
 *   - a code table in the one file that builds the errors from a variable: `timeout: 'IpmiTimeout',`
 *     (drivers/ipmi/ipmi-error.ts) or `Connection: 'RedfishConnectionError',` (drivers/redfish/redfish-failure.ts).
 * Anything else (a computed code outside a code table, a subclass elsewhere) is reported as unreadable.
 */
function driverErrorCodes(): { codes: Map<string, string>; unreadable: string[]; tables: string[] } {
  const codes = new Map<string, string>(); // code -> file that produces it
  const unreadable: string[] = [];
  const tables: string[] = [];
  for (const file of sourceFiles(['drivers', 'conductor', 'agent'])) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    const calls = [...text.matchAll(/new DriverOperationError\(\s*([^,]*),/g)].map((m) => (m[1] ?? '').trim());
    const subclasses = /extends DriverOperationError\b/.test(text);
    for (const arg of calls) {
      const literal = /^'([A-Za-z]+)'$/.exec(arg)?.[1];
      if (literal !== undefined) codes.set(literal, where);
    }
    if (subclasses || calls.some((arg) => !arg.startsWith("'"))) {
      // A file that passes a variable code must hold its table of codes: `key: 'Code',` lines.
      const table = [...text.matchAll(/^\s*[A-Za-z]+: '([A-Z][A-Za-z]+)',?\s*$/gm)].map((m) => m[1] ?? '');
      if (table.length === 0) unreadable.push(where);
      else tables.push(where);
      for (const code of table) codes.set(code, where);
    }
  }
  return { codes, unreadable, tables };
}

/** Non-test TypeScript files below `dirs` (tests and `testing/` helpers may throw anything they like). */
function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return; // a folder that does not exist yet
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
        out.push(path);
      }
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return out;
}

describe('docs/errors.md', () => {
  it('has a table row for every code in ERROR_CODES', () => {
    const missing = ERROR_CODES.filter((code) => !documented.has(code));
    expect(missing, 'add a row "| `Code` | status | meaning | what to do |" to docs/errors.md').toEqual([]);
  });

  const driver = driverErrorCodes();

  it('can read the code of every driver error the source builds', () => {
    expect(
      driver.unreadable,
      'these files build DriverOperationErrors with codes this test cannot read; give them a code table or literal codes',
    ).toEqual([]);
    // The two tables exist today; if one disappears the scan above has gone blind, not the codes.
    expect(driver.tables).toEqual(
      expect.arrayContaining(['drivers/ipmi/ipmi-error.ts', 'drivers/redfish/redfish-failure.ts']),
    );
    expect([...driver.codes.keys()]).toEqual(
      expect.arrayContaining(['IpmiTimeout', 'RedfishConnectionError', 'HardwareInspectionFailure']),
    );
  });

  it('has a row with HTTP 500 under "Driver errors" for every driver error code', () => {
    const missing = [...driver.codes]
      .filter(([code]) => !driverRows.some((r) => r.code === code))
      .map(([code, file]) => `${code} (${file})`);
    expect(
      missing,
      'add a row "| `Code` | 500 | meaning | what to do |" under "## Driver errors" in docs/errors.md',
    ).toEqual([]);
    const wrongStatus = driverRows.filter((r) => r.status !== 500).map((r) => r.code);
    expect(wrongStatus, 'DriverOperationError is HTTP 500').toEqual([]);
  });

  it('documents no driver error code the source no longer produces', () => {
    const stale = driverRows.filter((r) => !driver.codes.has(r.code)).map((r) => r.code);
    expect(
      stale,
      'remove these rows from "## Driver errors" in docs/errors.md, or the code came back under another name',
    ).toEqual([]);
  });
});
