import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modulesAlias, modulesDep, selectKernelModules, softdepPre } from './kernel-modules.js';
import { fakeKernelModule } from './testing/fake-module.js';

const trees: string[] = [];
afterAll(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A lib/modules/<version> tree: path -> modinfo entries, plus built-in names. */
function moduleTree(modules: Record<string, string[]>, builtin: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferro-modules-'));
  trees.push(dir);
  for (const [path, info] of Object.entries(modules)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), fakeKernelModule(info));
  }
  writeFileSync(join(dir, 'modules.order'), `${Object.keys(modules).join('\n')}\n`);
  writeFileSync(join(dir, 'modules.builtin'), builtin.map((n) => `kernel/x/${n}.ko`).join('\n'));
  return dir;
}

const tree = (): string =>
  moduleTree(
    {
      'kernel/net/virtio_net.ko': ['depends=net_failover', 'alias=virtio:d00000001v*'],
      'kernel/net/net_failover.ko': ['depends=failover'],
      'kernel/net/failover.ko': ['depends='],
      'kernel/fs/ext4.ko': ['depends=jbd2,mbcache', 'softdep=pre: crc32c', 'alias=fs-ext4'],
      'kernel/fs/jbd2.ko': ['depends='],
      'kernel/fs/crc32c-generic.ko': ['depends='],
    },
    ['mbcache'],
  );

describe('selectKernelModules', () => {
  it('adds dependencies, loads them first, and skips built-in ones', () => {
    const selection = selectKernelModules(tree(), ['virtio-net', 'ext4'], ['crc32c_generic', 'mlx5_core']);
    const names = selection.modules.map((m) => m.name);
    expect(names).toEqual(['crc32c_generic', 'jbd2', 'ext4', 'failover', 'net_failover', 'virtio_net']);
    expect(selection.builtin).toEqual(['mbcache']);
    expect(selection.absent).toEqual(['crc32c', 'mlx5_core']);
  });

  it('fails naming a required module the kernel does not have', () => {
    expect(() => selectKernelModules(tree(), ['nosuch'])).toThrow(/'nosuch' is neither a module nor built into/);
  });

  it('writes depmod-style indexes: transitive deps with the first-to-load last, and aliases', () => {
    const selection = selectKernelModules(tree(), ['virtio_net', 'ext4']);
    expect(modulesDep(selection)).toContain(
      'kernel/net/virtio_net.ko: kernel/net/net_failover.ko kernel/net/failover.ko\n',
    );
    expect(modulesDep(selection)).toContain('kernel/net/failover.ko:\n');
    expect(modulesAlias(selection)).toBe('alias fs-ext4 ext4\nalias virtio:d00000001v* virtio_net\n');
  });

  it('reads softdep pre: names', () => {
    expect(softdepPre(['pre: crc32c crc16 post: foo'])).toEqual(['crc32c', 'crc16']);
    expect(softdepPre(['post: foo'])).toEqual([]);
  });
});
