// Partition images in the lab (issue #5, ironic.md §5.6): a QEMU VM behind ipmi_sim goes enroll -> manage -> provide
// -> deploy of a PARTITION image the test builds from Debian packages (test/support/partition-image.ts: ext4 root
// file system with the image's own GRUB, a Debian kernel and an initrd that prints a marker) -> active -> the VM
// boots from its disk through the GRUB that the agent's image.install_bootloader installed (the instance prints
// the marker and the kernel command line grub-mkconfig wrote) -> undeploy -> available. First with SeaBIOS (GRUB
// for i386-pc in the MBR gap; before it, an image without GRUB must fail the deploy saying so), then with OVMF
// (GRUB for x86_64-efi in the ESP, an efibootmgr entry). Everything goes through Ferro: its DHCP, TFTP and HTTP
// boot servers, its deploy ramdisk and agent. Each phase's duration and the deploy steps' are printed.
// Own namespace, work dir and IPMI ports (6251, 6252), so it can run beside the other lab suites; FERRO_RAMDISK_DIR
// points at a private ramdisk build when dist/ramdisk is being rebuilt.
import { copyFileSync, linkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision, waitForProvisionState, type LabNode } from '../support/agent-lab.js';
import { AGENT_LAB_BOOT_URL } from '../support/agent-lab-servers.js';
import { agentLabSkipReason, startAgentLabSuite, type AgentLabSuite } from '../support/agent-lab-suite.js';
import { api } from '../support/api-client.js';
import { serialLog, waitUntil, type Lab } from '../support/lab.js';
import { buildImageWithoutGrub, ensurePartitionImage, type PartitionImage } from '../support/partition-image.js';
import { labMac } from '../support/pxe-lab.js';

const ROOT = resolve(import.meta.dirname, '../..');
const IPMI_PORT = Number(process.env.FERRO_PART_IPMI_PORT ?? 6251);
const PHASE_TIMEOUT_MS = 900_000;
// Namespace ferro-part, work directory <tmp>/ferro-part-lab (test/support/agent-lab-suite.ts).
const why = await agentLabSkipReason({ name: 'part', needsIpmi: true, tools: ['mkfs.ext4', 'dpkg-deb', 'apt-get'] });

/** Hard link when on the same file system, else a copy (the cache and the lab's run dir may differ). */
function publish(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

describe.skipIf(why !== undefined)('agent deploy of a partition image with the image\'s own GRUB (lab)', () => {
  let suite: AgentLabSuite | undefined;
  let lab: Lab | undefined;
  let image: PartitionImage;
  let noGrubSha256 = '';
  const figures: string[] = [];
  const vms: string[] = [];

  beforeAll(async () => {
    const startedAt = Date.now();
    image = await ensurePartitionImage({
      cacheDir: join(ROOT, '.cache/partition-image'), seedDebDirs: [join(ROOT, '.cache/ramdisk/debs')], log: (m) => { console.log(m); },
    });
    figures.push(`partition image: ${(image.sizeBytes / 1_048_576).toFixed(0)} MiB ext4, kernel ${image.kernelVersion}, ${image.cached ? 'cached' : 'built'} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    suite = await startAgentLabSuite({ name: 'part', taps: 3, keeper: 'ferro-pt0' });
    lab = suite.lab;
    const images = suite.servers.imagesDir;
    publish(image.image, join(images, 'root.ext4'));
    publish(image.kernel, join(images, 'vmlinuz'));
    publish(image.initrd, join(images, 'initrd.img'));
    noGrubSha256 = await buildImageWithoutGrub(join(images, 'no-grub.ext4'));
  }, 1_500_000);

  afterAll(async () => {
    await suite?.stop(vms);
    if (figures.length > 0) console.log(`partition image lab figures (TCG):\n  ${figures.join('\n  ')}`);
  }, 180_000);

  /** Ironic's instance_info for a partition image from an HTTP server (kernel and ramdisk mark it as one; root_gb sizes root). */
  const partitionImageInfo = (file: string, sha256: string): Array<{ op: string; path: string; value: unknown }> => [
    { op: 'add', path: '/instance_info/image_source', value: `${AGENT_LAB_BOOT_URL}/images/${file}` },
    { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
    { op: 'add', path: '/instance_info/image_os_hash_value', value: sha256 },
    { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
    { op: 'add', path: '/instance_info/kernel', value: `${AGENT_LAB_BOOT_URL}/images/vmlinuz` },
    { op: 'add', path: '/instance_info/ramdisk', value: `${AGENT_LAB_BOOT_URL}/images/initrd.img` },
    { op: 'add', path: '/instance_info/root_gb', value: 1 },
  ];

  /** Creates VM part<index> with its BMC and enrolls it (IPMI, iPXE, direct deploy); returns the node's UUID. */
  async function enroll(firmware: 'bios' | 'uefi', index: number): Promise<string> {
    const base = suite!.servers.conductor.hostUrl;
    const vm = `part${String(index)}`;
    vms.push(vm);
    await lab!.mustScript('vm.sh', ['create', vm, '--firmware', firmware, '--mem', '1024', '--disk-size', '4G', '--force']);
    await lab!.mustScript('bmc.sh', ['start', vm, '--ipmi', String(IPMI_PORT + index - 1)]);
    const created = await api<LabNode>(base, 'POST', '/v1/nodes', {
      name: vm, driver: 'ipmi', boot_interface: 'ipxe', deploy_interface: 'direct',
      properties: { capabilities: `boot_mode:${firmware}` },
      driver_info: {
        ipmi_address: '127.0.0.1', ipmi_port: IPMI_PORT + index - 1, ipmi_username: 'admin', ipmi_password: 'password', ipmi_cipher_suite: '3',
        deploy_kernel: 'ferro-deploy.kernel', deploy_ramdisk: 'ferro-deploy.initramfs',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api(base, 'POST', '/v1/ports', { address: labMac(index), node_uuid: created.body.uuid })).status).toBe(201);
    return created.body.uuid;
  }

  /** Waits for the instance's marker and checks that GRUB from the disk booted it as grub-mkconfig configured. */
  async function expectInstanceBooted(firmware: 'bios' | 'uefi', vm: string): Promise<void> {
    const bootedMs = await waitUntil(`${vm} to boot the instance from its disk`, async () => (await serialLog(lab!, vm)).includes(image.marker), 300_000, 1000);
    figures.push(`${firmware}: active -> instance marker on the serial console: ${(bootedMs / 1000).toFixed(1)} s`);
    const serial = await serialLog(lab!, vm);
    const line = serial.split('\n').find((l) => l.includes(image.marker)) ?? '';
    // GRUB (not a network boot) started the image's kernel, and grub-mkconfig in the chroot found the root file system.
    expect(line).toContain(`BOOT_IMAGE=/boot/vmlinuz-${image.kernelVersion}`);
    expect(line).toContain(`root=UUID=${image.fsUuid}`);
    expect(line).toContain('console=ttyS0,115200');
    if (firmware === 'uefi') {
      // OVMF started the loader through the NVRAM entry the agent's efibootmgr made (not the removable fallback).
      const firmwareLoad = /BdsDxe: loading Boot[0-9A-F]{4} "[^"]*"[^\r\n]*/.exec(serial)?.[0] ?? '';
      figures.push(`${firmware}: OVMF: ${firmwareLoad}`);
      expect(firmwareLoad).toMatch(/"ferro" from HD\(1,GPT,.*\\EFI\\ferro\\grubx64\.efi/);
    }
  }

  /**
   * enroll -> manage -> provide -> [a GRUB-less image: deploy failed, saying so] -> deploy the partition image ->
   * active -> instance marker -> undeploy.
   */
  async function lifeCycle(firmware: 'bios' | 'uefi', index: number, options: { grubLessFirst: boolean }): Promise<void> {
    const base = suite!.servers.conductor.hostUrl;
    const node = await enroll(firmware, index);
    const phase = async (what: string, act: () => Promise<void>, state: string): Promise<LabNode> => {
      const startedAt = Date.now();
      await act();
      const after = await waitForProvisionState(base, node, state, PHASE_TIMEOUT_MS);
      figures.push(`${firmware}: ${what}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return after;
    };
    await phase('manage', () => provision(base, node, { target: 'manage' }), 'manageable');
    await phase('provide (metadata clean)', () => provision(base, node, { target: 'provide' }), 'available');
    if (options.grubLessFirst) {
      // The fallback IPA lacks: an image without GRUB fails the deploy at once, naming what is missing.
      expect((await api(base, 'PATCH', `/v1/nodes/${node}`, partitionImageInfo('no-grub.ext4', noGrubSha256))).status).toBe(200);
      const failedNode = await phase('deploy of an image without GRUB (fails)', () => provision(base, node, { target: 'active' }), 'deploy failed');
      figures.push(`${firmware}: last_error: ${failedNode.last_error ?? ''}`);
      expect(failedNode.last_error).toMatch(/image\.install_bootloader .*the image has no grub-install \(nor grub2-install\) in \/usr\/sbin/);
    }
    expect((await api(base, 'PATCH', `/v1/nodes/${node}`, partitionImageInfo('root.ext4', image.sha256))).status).toBe(200);
    await phase('deploy (partition image + install_bootloader)', () => provision(base, node, { target: 'active' }), 'active');
    await expectInstanceBooted(firmware, `part${String(index)}`);
    const history = await api<{ history: Array<{ event: string }> }>(base, 'GET', `/v1/nodes/${node}/history`);
    for (const entry of history.body.history.filter((h) => /deploy step .* after /.test(h.event))) figures.push(`${firmware}: history: ${entry.event}`);
    await phase('undeploy (tear down + metadata clean)', () => provision(base, node, { target: 'deleted' }), 'available');
  }

  it('BIOS (SeaBIOS): an image without GRUB fails clearly; then GRUB for i386-pc on the disk, the instance boots from it', async () => {
    try {
      await lifeCycle('bios', 1, { grubLessFirst: true });
    } catch (error) {
      suite?.markFailed();
      throw error;
    }
  });

  it('UEFI (OVMF): GRUB for x86_64-efi in the ESP, the instance boots from it', async () => {
    try {
      await lifeCycle('uefi', 2, { grubLessFirst: false });
    } catch (error) {
      suite?.markFailed();
      throw error;
    }
  });
});
