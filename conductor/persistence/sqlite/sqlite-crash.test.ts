import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './open-sqlite-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ferro-sqlite-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer child until it has printed `atLeast` uuids, SIGKILLs it, and returns what it printed. */
function writeUntilKilled(path: string, synchronous: 'full' | 'normal', atLeast: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'testing', 'crash-child.ts'), path, synchronous], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.split('\n').length > atLeast && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (code ${code}): ${err}`));
      else resolve(out.split('\n').filter((line) => /^[0-9a-f-]{36}$/.test(line)));
    });
  });
}

describe('sqlite store: crash safety', () => {
  it.each(['full', 'normal'] as const)(
    'keeps every acknowledged write after SIGKILL (synchronous=%s)',
    async (synchronous) => {
      const path = join(dir, `crash-${synchronous}.db`);
      const printed = await writeUntilKilled(path, synchronous, 300);
      expect(printed.length).toBeGreaterThanOrEqual(300);
      const db = new Database(path);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      const store = await openSqliteStore({ path });
      try {
        const total = await store.nodes.count({});
        expect(total).toBeGreaterThanOrEqual(printed.length);
        for (const uuid of printed) {
          const node = await store.nodes.get(uuid);
          expect(node?.uuid, `node ${uuid} was acknowledged but is missing`).toBe(uuid);
          expect(node?.version).toBe(1);
        }
      } finally {
        await store.close();
      }
    },
    60_000,
  );
});
