import { describe, expect, it } from 'vitest';
import { addDirectory, addEntry, imageFileBytes, sortedPaths, type ImageTree } from './image-tree.js';

describe('image tree', () => {
  it('creates parent directories and sorts parents before children in byte order', () => {
    const tree: ImageTree = new Map();
    addEntry(tree, '/usr/lib/x.so', { kind: 'file', mode: 0o644, data: Buffer.alloc(3) });
    addEntry(tree, 'usr-local', { kind: 'symlink', target: 'usr' });
    addDirectory(tree, 'tmp', 0o1777);
    expect(sortedPaths(tree)).toEqual(['tmp', 'usr', 'usr-local', 'usr/lib', 'usr/lib/x.so']);
    expect(tree.get('tmp')).toEqual({ kind: 'dir', mode: 0o1777 });
    expect(imageFileBytes(tree)).toBe(3);
  });

  it('refuses a path added twice with different contents unless replacing on purpose', () => {
    const tree: ImageTree = new Map();
    addEntry(tree, 'bin/ls', { kind: 'symlink', target: '/bin/busybox' });
    addEntry(tree, 'bin/ls', { kind: 'symlink', target: '/bin/busybox' });
    expect(() => addEntry(tree, 'bin/ls', { kind: 'file', mode: 0o755, data: Buffer.from('x') })).toThrow(
      /added twice/,
    );
    addEntry(tree, 'bin/ls', { kind: 'file', mode: 0o755, data: Buffer.from('x') }, { replace: true });
    expect(tree.get('bin/ls')?.kind).toBe('file');
  });

  it('refuses paths that escape or are not directories where one is needed', () => {
    const tree: ImageTree = new Map();
    expect(() => addEntry(tree, '../etc/passwd', { kind: 'dir', mode: 0o755 })).toThrow(/bad image path/);
    addEntry(tree, 'init', { kind: 'file', mode: 0o755, data: Buffer.alloc(0) });
    expect(() => addEntry(tree, 'init/x', { kind: 'dir', mode: 0o755 })).toThrow(/not a directory/);
  });
});
