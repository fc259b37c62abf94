import { describe, expect, it } from 'vitest';
import { cpioNewcChunks, readCpioNewc } from './cpio-newc.js';
import { addEntry, type ImageTree } from './image-tree.js';

function sampleTree(): ImageTree {
  const tree: ImageTree = new Map();
  addEntry(tree, 'usr/bin/tool', { kind: 'file', mode: 0o755, data: Buffer.from('abcde') });
  addEntry(tree, 'init', { kind: 'file', mode: 0o755, data: Buffer.from('#!/bin/sh\n') });
  addEntry(tree, 'bin/sh', { kind: 'symlink', target: '/bin/busybox' });
  addEntry(tree, 'dev/console', { kind: 'char-device', mode: 0o600, major: 5, minor: 1 });
  return tree;
}

describe('cpioNewcChunks', () => {
  it('writes every entry in byte order, parents first, owned by root with one mtime', () => {
    const archive = Buffer.concat([...cpioNewcChunks(sampleTree(), 1_700_000_000)]);
    const members = readCpioNewc(archive);
    expect(members.map((m) => m.name)).toEqual([
      'bin',
      'bin/sh',
      'dev',
      'dev/console',
      'init',
      'usr',
      'usr/bin',
      'usr/bin/tool',
    ]);
    expect(new Set(members.map((m) => `${m.uid}:${m.gid}:${m.mtime}`))).toEqual(new Set(['0:0:1700000000']));
  });

  it('keeps modes, link targets, device numbers and file contents', () => {
    const members = readCpioNewc(Buffer.concat([...cpioNewcChunks(sampleTree(), 0)]));
    const byName = new Map(members.map((m) => [m.name, m]));
    expect(byName.get('usr/bin/tool')?.mode).toBe(0o100755);
    expect(byName.get('usr/bin/tool')?.data.toString()).toBe('abcde');
    expect(byName.get('bin/sh')?.mode).toBe(0o120777);
    expect(byName.get('bin/sh')?.data.toString()).toBe('/bin/busybox');
    expect(byName.get('dev/console')).toMatchObject({ mode: 0o020600, rdevMajor: 5, rdevMinor: 1 });
    expect(byName.get('usr')?.mode).toBe(0o040755);
  });

  it('gives the same bytes for the same tree whatever order it was filled in, padded to 512 bytes', () => {
    const a = Buffer.concat([...cpioNewcChunks(sampleTree(), 42)]);
    const reversed: ImageTree = new Map([...sampleTree()].reverse());
    const b = Buffer.concat([...cpioNewcChunks(reversed, 42)]);
    expect(b.equals(a)).toBe(true);
    expect(a.length % 512).toBe(0);
    expect(a.toString('latin1')).toContain('TRAILER!!!');
  });

  it('refuses an mtime that does not fit the format', () => {
    expect(() => [...cpioNewcChunks(sampleTree(), -1)]).toThrow(/out of range/);
  });
});
