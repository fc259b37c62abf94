import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedDeb, isLibraryDependency, parseDependsField } from './deb-packages.js';

describe('Debian package closure', () => {
  it('takes the first alternative of each dependency, without versions or architecture', () => {
    expect(parseDependsField('debconf (>= 0.5) | debconf-2.0, libc6 (>= 2.34), libudev1:amd64 (>= 183), udev')).toEqual(
      ['debconf', 'libc6', 'libudev1', 'udev'],
    );
    expect(parseDependsField('')).toEqual([]);
  });

  it('follows library packages and the kernel image, not maintainer-script machinery', () => {
    expect(['libc6', 'zlib1g', 'linux-image-6.1.0-56-amd64'].every(isLibraryDependency)).toBe(true);
    expect(['debconf', 'udev', 'init-system-helpers', 'logsave', 'linux-image-amd64'].some(isLibraryDependency)).toBe(
      false,
    );
  });

  it('finds a cached .deb by exact package name, newest version first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferro-debs-'));
    for (const f of ['libc6_2.36-9_amd64.deb', 'libc6_2.36-10_amd64.deb', 'libc6-dev_2.36-11_amd64.deb'])
      writeFileSync(join(dir, f), '');
    expect(cachedDeb(dir, 'libc6')).toBe(join(dir, 'libc6_2.36-10_amd64.deb'));
    expect(cachedDeb(dir, 'zstd')).toBeUndefined();
    expect(cachedDeb(join(dir, 'absent'), 'libc6')).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});
