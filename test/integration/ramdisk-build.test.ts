// Issue #5: the deploy ramdisk builder against real Debian packages (apt-get download into .cache/ramdisk, then
// offline) and the real compressor. Two builds of the same inputs must give the same bytes (reproducible), and
// the archive must hold what /init and the agent need. Skips where there is no dpkg/apt (not a Debian host).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRamdisk, OUTPUT_FILES, type RamdiskBuildOptions } from '../../ramdisk/build-ramdisk.js';
import { readCpioNewc, type CpioMember } from '../../ramdisk/cpio-newc.js';

const REPO = resolve(import.meta.dirname, '../..');
const hasTool = (tool: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const missing = ['apt-get', 'dpkg-deb', 'zstd', 'strip'].filter((tool) => !hasTool(tool));
if (missing.length > 0)
  console.warn(`SKIP ramdisk build: ${missing.join(', ')} not installed (Debian packages apt, dpkg, zstd, binutils)`);

function options(outDir: string, overrides: Partial<RamdiskBuildOptions> = {}): RamdiskBuildOptions {
  return {
    outDir,
    cacheDir: join(REPO, '.cache/ramdisk'),
    agentFile: join(REPO, 'ramdisk/placeholder-agent.mjs'),
    nodeBin: process.execPath,
    // Level 3 keeps the suite quick; the level changes only the compressor's effort, not what is packed.
    compression: 'zstd',
    level: 3,
    sourceDateEpoch: 1_735_689_600,
    qemuImg: false,
    strip: true,
    rootfsDir: join(REPO, 'ramdisk/rootfs'),
    log: () => undefined,
    ...overrides,
  };
}

describe.skipIf(missing.length > 0)('ramdisk builder (Debian packages)', () => {
  const outputs: string[] = [];
  const outputDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    outputs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of outputs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('builds the same bytes twice, and the image holds init, node, the agent, the tools and the drivers', async () => {
    const [a, b] = [outputDir('ferro-ramdisk-a-'), outputDir('ferro-ramdisk-b-')];
    const first = await buildRamdisk(options(a));
    const second = await buildRamdisk(options(b));
    expect(second).toEqual(first);
    for (const file of Object.values(OUTPUT_FILES))
      expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file)))).toBe(true);
    console.log(
      `ramdisk reproducible: initramfs sha256 ${first.initramfs.sha256}, ${first.initramfs.fileCount} entries`,
    );

    const members = readCpioNewc(
      execFileSync('zstd', ['-dc', join(a, OUTPUT_FILES.initramfs)], { maxBuffer: 512 * 1024 * 1024 }),
    );
    const byName = new Map<string, CpioMember>(members.map((m) => [m.name, m]));
    expect(members.length).toBe(first.initramfs.fileCount);
    expect(members.every((m) => m.uid === 0 && m.gid === 0 && m.mtime === 1_735_689_600)).toBe(true);
    expect(byName.get('init')?.mode).toBe(0o100755);
    expect(byName.get('dev/console')).toMatchObject({ rdevMajor: 5, rdevMinor: 1 });
    expect(
      byName.get('ferro/ferro-agent.mjs')?.data.equals(readFileSync(join(REPO, 'ramdisk/placeholder-agent.mjs'))),
    ).toBe(true);
    for (const path of [
      'usr/bin/node',
      'bin/busybox',
      'sbin/mdadm',
      'sbin/sgdisk',
      'bin/lsblk',
      'usr/bin/ipmitool',
      'usr/sbin/nvme',
      'lib/x86_64-linux-gnu/libc.so.6',
    ])
      expect(byName.has(path), path).toBe(true);
    expect(byName.get('lib64/ld-linux-x86-64.so.2')?.mode).toBe(0o120777);
    expect(byName.get('bin/sh')?.data.toString()).toBe('/bin/busybox');
    const modulesDep = byName.get(`lib/modules/${first.kernel.version}/modules.dep`)?.data.toString() ?? '';
    expect(modulesDep).toMatch(/virtio_net\.ko: .*net_failover\.ko/);
    expect(first.modules).toEqual(
      expect.arrayContaining(['virtio_net', 'e1000e', 'nvme', 'raid1', 'raid456', 'ext4', 'ipmi_si']),
    );
    expect(first.totalBytes).toBe(first.kernel.sizeBytes + first.initramfs.sizeBytes);
  });

  it('refuses to build without the agent bundle and says how to make it', async () => {
    const out = outputDir('ferro-ramdisk-noagent-');
    await expect(buildRamdisk(options(out, { agentFile: join(out, 'ferro-agent.mjs') }))).rejects.toThrow(
      /npm run agent:build/,
    );
  });
});
