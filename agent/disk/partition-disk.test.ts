import { describe, expect, it } from 'vitest';
import { diskDeps } from './disk-deps.js';
import { scriptedRunner } from './disk-test-fixtures.js';
import { blockUuid, partitionDisk } from './partition-disk.js';
import { planPartitions } from './partition-layout.js';

const GIB = 1024 ** 3;
const signal = new AbortController().signal;

function deps(run: ReturnType<typeof scriptedRunner>['run'], present: (path: string) => boolean = () => true) {
  return diskDeps({ run, isBlockDevice: (p) => Promise.resolve(present(p)), sleep: () => Promise.resolve() });
}

describe('partitionDisk', () => {
  it('wipes, writes the sfdisk script, rescans and formats ESP, swap and ephemeral but not root', async () => {
    const { run, calls } = scriptedRunner({});
    const plan = planPartitions({ diskBytes: 20 * GIB, rootMb: 0, swapMb: 512, ephemeralMb: 1024, bootMode: 'uefi' });
    const paths = await partitionDisk(deps(run), '/dev/vda', plan, { ephemeralFormat: 'ext4' }, signal);
    expect(paths).toEqual({ 'efi system partition': '/dev/vda1', ephemeral: '/dev/vda2', swap: '/dev/vda3', root: '/dev/vda4' });
    expect(calls.map((c) => [c.program, ...c.args].join(' '))).toEqual([
      'wipefs --all --force /dev/vda',
      'sfdisk --wipe always --wipe-partitions always /dev/vda',
      'partx -u /dev/vda',
      'mkfs.vfat -F 32 -n EFI-PART /dev/vda1',
      'mkswap -L swap1 /dev/vda3',
      'mkfs.ext4 -F -L ephemeral0 /dev/vda2',
    ]);
    expect(String(calls[1]?.input)).toContain('label: gpt');
  });

  it('fails clearly when a partition device never appears', async () => {
    const { run } = scriptedRunner({});
    const plan = planPartitions({ diskBytes: 2 * GIB, rootMb: 0, swapMb: 0, ephemeralMb: 0, bootMode: 'bios' });
    await expect(partitionDisk(deps(run, () => false), '/dev/loop7', plan, { ephemeralFormat: 'ext4' }, signal)).rejects.toThrow(
      /partition \/dev\/loop7p1 did not appear/,
    );
  });
});

describe('blockUuid (IPA block_uuid)', () => {
  it('prefers the file system UUID and falls back to the partition UUID', async () => {
    const withFs = scriptedRunner({ blkid: { stdout: 'DEVNAME=/dev/vda2\nUUID=1111-aaaa\nTYPE=ext4\nPART_ENTRY_UUID=p-2\n' } });
    await expect(blockUuid(withFs, '/dev/vda2', signal)).resolves.toBe('1111-aaaa');
    const bare = scriptedRunner({ blkid: { stdout: 'PART_ENTRY_UUID=abcd-02\nPART_ENTRY_NUMBER=2\n' } });
    await expect(blockUuid(bare, '/dev/vda2', signal)).resolves.toBe('abcd-02');
    const none = scriptedRunner({ blkid: { exitCode: 2 } });
    await expect(blockUuid(none, '/dev/vda2', signal)).rejects.toThrow(/neither a file system UUID nor a partition UUID/);
  });
});
