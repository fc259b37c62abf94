import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRequestName } from './check-request-name.js';
import { createDirectoryFileSource } from './directory-file-source.js';
import { isTftpRefusal, type TftpFile, type TftpRefusal } from './file-source.js';

const client = { address: '127.0.0.1', port: 1234 };
let dir: string;
let root: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferro-tftp-'));
  root = join(dir, 'root');
  mkdirSync(join(root, 'node-1'), { recursive: true });
  writeFileSync(join(root, 'undionly.kpxe'), 'ipxe');
  writeFileSync(join(root, 'node-1', 'config'), 'per node');
  writeFileSync(join(dir, 'secret'), 'outside the root');
  symlinkSync(join(dir, 'secret'), join(root, 'escape')); // a symlink pointing outside
  symlinkSync('..', join(root, 'up')); // a directory symlink pointing outside
  symlinkSync('undionly.kpxe', join(root, 'alias')); // a symlink that stays inside
  symlinkSync('loop', join(root, 'loop'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string): Promise<string | TftpRefusal> {
  const result = await createDirectoryFileSource({ root }).open(name, client);
  if (isTftpRefusal(result)) return result;
  const file: TftpFile = result;
  const text = Buffer.from(await file.read(0, file.sizeBytes)).toString();
  await file.close();
  return text;
}

describe('createDirectoryFileSource', () => {
  it('serves files below the root, in subdirectories and through symlinks that stay inside', async () => {
    await expect(read('undionly.kpxe')).resolves.toBe('ipxe');
    await expect(read('node-1/config')).resolves.toBe('per node');
    await expect(read('./node-1//config')).resolves.toBe('per node');
    await expect(read('alias')).resolves.toBe('ipxe');
  });

  it('answers not-found for a missing name', async () => {
    await expect(read('missing')).resolves.toMatchObject({ refused: 'not-found' });
    await expect(read('undionly.kpxe/x')).resolves.toMatchObject({ refused: 'not-found' });
  });

  it.each([
    ['a parent reference', '../secret'],
    ['a parent reference inside the path', 'node-1/../../secret'],
    ['an absolute path', '/etc/passwd'],
    ['an absolute path with a parent', '/../secret'],
    ['a backslash traversal', '..\\secret'],
    ['a NUL byte', 'undionly.kpxe\0.txt'],
    ['a symlink to a file outside the root', 'escape'],
    ['a path through a symlink to a directory outside', 'up/secret'],
    ['a symlink loop', 'loop'],
    ['a directory', 'node-1'],
    ['the root itself', '.'],
  ])('refuses %s as an access violation', async (_what, name) => {
    await expect(read(name)).resolves.toMatchObject({ refused: 'access-violation' });
  });
});

describe('checkRequestName', () => {
  it('normalises harmless spellings and refuses traversal', () => {
    expect(checkRequestName('a/./b//c')).toEqual({ ok: true, name: 'a/b/c' });
    expect(checkRequestName('a/..').ok).toBe(false);
    expect(checkRequestName('..').ok).toBe(false);
    expect(checkRequestName('').ok).toBe(false);
    expect(checkRequestName('a\u0001').ok).toBe(false);
  });
});
