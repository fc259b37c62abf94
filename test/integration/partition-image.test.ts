// Partition images (issue #5, ironic.md §5.6): standby.prepare_image on a real loop device with a real
// ext4 partition image served over loopback HTTP. Checks the partition table sfdisk reads back, that the
// image landed in the root partition (its file system UUID), and that prepare_image reports that UUID as
// IPA's `root uuid`. Needs root and a working losetup with partition scanning; skipped otherwise.
// The conductor's side runs everywhere: prepare_instance_boot passes that UUID to image.install_bootloader.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type InventoryDisk, type JsonObject } from '../../core/index.js';
import { prepareImage } from '../../agent/commands/prepare-image.js';
import { defaultDiskDeps } from '../../agent/disk/disk-deps.js';
import { createDispatcher } from '../../agent/hardware-managers/dispatcher.js';
import { HardwareSupport } from '../../agent/hardware-managers/hardware-manager.js';
import { serveImages, type ImageServer } from '../../agent/image/testing/serve-image.js';
import { writeImage } from '../../agent/image/write-image.js';
import { ADMIN } from '../support/conductor-harness.js';
import { createAgentLab, lookUpToken, type AgentLab } from './agent-conductor-harness.js';

const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'ferro-partition-image-'));

/** Why the suite cannot run here, or undefined when it can. */
const skipReason = ((): string | undefined => {
  if (process.getuid?.() !== 0) return 'needs root for losetup and partitioning';
  const probe = join(dir, 'probe.img');
  writeFileSync(probe, Buffer.alloc(MIB));
  const found = spawnSync('losetup', ['--find', '--show', '--partscan', probe], { encoding: 'utf8' });
  if (found.status !== 0) return `losetup failed: ${found.stderr.trim()}`;
  spawnSync('losetup', ['-d', found.stdout.trim()]);
  if (spawnSync('mkfs.ext4', ['-V']).status !== 0) return 'mkfs.ext4 is not installed';
  return undefined;
})();
if (skipReason !== undefined) console.warn(`partition-image suite skipped: ${skipReason}`);

let server: ImageServer;
let imageUuid = '';
let imageSha256 = '';
const loops: string[] = [];

function attach(sizeMb: number): InventoryDisk {
  const backing = join(dir, `disk-${String(loops.length)}.img`);
  execFileSync('truncate', ['-s', `${String(sizeMb)}M`, backing]);
  const name = execFileSync('losetup', ['--find', '--show', '--partscan', backing], { encoding: 'utf8' }).trim();
  loops.push(name);
  return { name, model: 'loop', size: sizeMb * MIB, rotational: false, wwn: null, serial: null, vendor: null, wwn_with_extension: null, wwn_vendor_extension: null, hctl: null, by_path: null };
}

async function prepare(disk: InventoryDisk, layout: JsonObject, bootMode: 'bios' | 'uefi'): Promise<JsonObject> {
  const manager = { name: 'loop', version: '1', evaluateHardwareSupport: () => Promise.resolve(HardwareSupport.Mainline), getOsInstallDevice: () => Promise.resolve(disk) };
  const dispatcher = await createDispatcher([manager], silentLogger);
  const deps = { dispatcher, writeImage: (i: JsonObject, t: string, c: Parameters<typeof writeImage>[2]) => writeImage(i, t, c, { retryDelayMs: 0 }), log: silentLogger, partitionImage: { disk: defaultDiskDeps, currentBootMode: () => Promise.resolve(bootMode) } };
  const info = { id: 'root.ext4', urls: [server.url('root.ext4')], os_hash_algo: 'sha256', os_hash_value: imageSha256, image_type: 'partition', ...layout };
  return prepareImage(deps, info, undefined, { node: { uuid: 'n1' }, ports: [], signal: new AbortController().signal, progress: () => undefined });
}

function table(device: string): Array<{ node: string; size: number; type: string; bootable?: boolean }> {
  const parsed = JSON.parse(execFileSync('sfdisk', ['--json', device], { encoding: 'utf8' })) as { partitiontable: { label: string; partitions: Array<{ node: string; size: number; type: string; bootable?: boolean }> } };
  return parsed.partitiontable.partitions;
}

function blkid(device: string, tag: string): string {
  return execFileSync('blkid', ['-p', '-o', 'value', '-s', tag, device], { encoding: 'utf8' }).trim();
}

describe.skipIf(skipReason !== undefined)('prepare_image with a partition image on a loop device', () => {
  beforeAll(async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'etc'), { recursive: true });
    writeFileSync(join(tree, 'etc', 'hostname'), 'partition-image\n');
    const image = join(dir, 'root.ext4');
    execFileSync('mkfs.ext4', ['-q', '-F', '-d', tree, image, '16M']);
    imageUuid = blkid(image, 'UUID');
    imageSha256 = createHash('sha256').update(readFileSync(image)).digest('hex');
    server = await serveImages({ 'root.ext4': { path: image } });
  });
  afterAll(async () => {
    for (const loop of loops) spawnSync('losetup', ['-d', loop]);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('BIOS on msdos: swap and a bootable root of root_mb, the image UUID reported as root uuid', async () => {
    const disk = attach(64);
    const result = await prepare(disk, { root_mb: 20, swap_mb: 8 }, 'bios');
    const parts = table(disk.name);
    expect(parts.map((p) => [p.node, p.size * 512 / MIB, p.type, p.bootable ?? false])).toEqual([
      [`${disk.name}p1`, 8, '82', false],
      [`${disk.name}p2`, 20, '83', true],
    ]);
    expect(blkid(`${disk.name}p2`, 'UUID')).toBe(imageUuid);
    expect(blkid(`${disk.name}p1`, 'TYPE')).toBe('swap');
    expect(result['root uuid']).toBe(imageUuid);
    expect(result['efi system partition uuid']).toBeNull();
    expect(result['result']).toBe(`prepare_image: image (root.ext4) written to device ${disk.name} root_uuid=${imageUuid}`);
  });

  it('UEFI on GPT: a vfat ESP and root taking the rest of the disk, both UUIDs reported', async () => {
    const disk = attach(600);
    const result = await prepare(disk, {}, 'uefi');
    const parts = table(disk.name);
    expect(parts.map((p) => [p.node, p.type])).toEqual([
      [`${disk.name}p1`, 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B'],
      [`${disk.name}p2`, '0FC63DAF-8483-4772-8E79-3D69E4C47DE4'],
    ]);
    expect((parts[0]?.size ?? 0) * 512).toBe(550 * MIB);
    expect(blkid(`${disk.name}p1`, 'TYPE')).toBe('vfat');
    expect(result['root uuid']).toBe(imageUuid);
    expect(result['efi system partition uuid']).toBe(blkid(`${disk.name}p1`, 'UUID'));
  });

  it('refuses a root_mb larger than the disk before touching it', async () => {
    const disk = attach(32);
    await expect(prepare(disk, { root_mb: 64 }, 'bios')).rejects.toThrow(/do not fit on the disk: root_mb 64 .* the disk has 32 MiB/);
    expect(spawnSync('sfdisk', ['--dump', disk.name]).status).not.toBe(0); // still no partition table
  });
});

describe('direct deploy of a partition image (conductor side)', () => {
  const MAC = '52:54:00:12:34:57';
  const PARTITION_IMAGE = {
    image_source: 'http://images.test/root.qcow2', image_checksum: 'abc123', image_disk_format: 'qcow2',
    kernel: 'http://images.test/vmlinuz', ramdisk: 'http://images.test/initrd', root_mb: 4096, swap_mb: 512, capabilities: 'boot_mode:uefi',
  };
  let lab: AgentLab;
  beforeEach(async () => {
    lab = await createAgentLab();
    lab.agent.script.set('deploy.get_deploy_steps', { status: 'SUCCEEDED', result: { deploy_steps: { GenericHardwareManager: [] }, hardware_manager_version: { generic_hardware_manager: '1.2' } } });
    lab.agent.script.set('standby.prepare_image', { status: 'RUNNING' });
  });
  afterEach(async () => { await lab.close(); });

  async function writeDone(result: JsonObject): Promise<string> {
    const node = await lab.addNode({ provision_state: 'available', instance_info: PARTITION_IMAGE }, MAC);
    await lab.actions.provision(node.uuid, { target: 'active' }, ADMIN);
    await lab.settle();
    const token = await lookUpToken(lab, MAC);
    await lab.heartbeat(node.uuid, token);
    lab.agent.finish('standby.prepare_image', { status: 'SUCCEEDED', result });
    await lab.heartbeat(node.uuid, token);
    return node.uuid;
  }

  it('sends the layout, then installs the bootloader with the reported UUIDs before going active', async () => {
    const uuid = await writeDone({ result: 'prepare_image: ...', 'root uuid': 'r-uuid', 'efi system partition uuid': 'e-uuid' });
    const prepare = lab.agent.requests.find((r) => r.body?.['name'] === 'standby.prepare_image');
    expect(prepare?.body?.['params']).toMatchObject({ image_info: { image_type: 'partition', root_mb: 4096, swap_mb: 512, deploy_boot_mode: 'uefi' } });
    const install = lab.agent.requests.find((r) => r.body?.['name'] === 'image.install_bootloader');
    expect(install?.wait).toBe('true');
    expect(install?.body?.['params']).toEqual({ root_uuid: 'r-uuid', efi_system_part_uuid: 'e-uuid', prep_boot_part_uuid: null, target_boot_mode: 'uefi' });
    const posted = lab.agent.posted();
    expect(posted.indexOf('image.install_bootloader')).toBeLessThan(posted.indexOf('standby.power_off'));
    expect((await lab.node(uuid)).provision_state).toBe('active');
  });

  it('fails the deploy clearly when the agent reported no root uuid', async () => {
    const uuid = await writeDone({ result: 'prepare_image: ...' });
    const node = await lab.node(uuid);
    expect(node.provision_state).toBe('deploy failed');
    expect(node.last_error).toMatch(/image\.install_bootloader .* no "root uuid" from prepare_image/);
    expect(lab.agent.posted()).not.toContain('image.install_bootloader');
  });

  it('fails the deploy with the agent\'s install_bootloader error', async () => {
    lab.agent.script.set('image.install_bootloader', { status: 'FAILED', error: { type: 'CommandExecutionError', message: 'Command execution failed', details: 'the image has no grub-install (nor grub2-install) in /usr/sbin' } });
    const uuid = await writeDone({ 'root uuid': 'r-uuid', 'efi system partition uuid': null });
    const node = await lab.node(uuid);
    expect(node.provision_state).toBe('deploy failed');
    expect(node.last_error).toMatch(/prepare_instance_boot .*the image has no grub-install/);
  });
});
