// Issue #5, software RAID levels in the lab: the host kernel here has no md driver, so RAID-0/5/1+0 can only be
// proven inside a VM. A QEMU VM with eleven disks (its own 2 GiB one plus ten of 1100 MiB), behind ipmi_sim, goes through
// a manual clean with raid.delete_configuration + raid.create_configuration from a target_raid_config set with
// `PUT /v1/nodes/{id}/states/raid`: a RAID-1 root volume, RAID-5 over three disks, RAID-1+0 over four and a
// RAID-0 that takes the disks left. The agent builds them with the ramdisk's mdadm on the guest's kernel; the
// node's raid_config then reports each volume with its level, members and size as the kernel made it. A second
// manual clean deletes them. The durations are printed.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision, waitForProvisionState, type LabNode } from '../support/agent-lab.js';
import { agentLabSkipReason, startAgentLabSuite, type AgentLabSuite } from '../support/agent-lab-suite.js';
import { api } from '../support/api-client.js';
import { runCommand, type Lab } from '../support/lab.js';
import { labMac } from '../support/pxe-lab.js';

const VM = 'raid1';
const VM_INDEX = 1;
const IPMI_PORT = 6261;
const EXTRA_DISKS = 10;
const EXTRA_DISK_MIB = 1100;
const PHASE_TIMEOUT_MS = 600_000;
const why = await agentLabSkipReason({ name: 'raid', needsIpmi: true });

/** Serial of extra disk `i` (1-based), the physical_disks hint the volumes name. */
const serial = (i: number): string => `FERRO-RAID-${String(i)}`;

/** Gives the VM EXTRA_DISKS sparse qcow2 disks with serials FERRO-RAID-1.. (vm.sh sources vm.env at power on). */
async function addRaidDisks(lab: Lab): Promise<void> {
  const dir = join(lab.runDir, 'vms', VM);
  const extra: string[] = [];
  for (let i = 1; i <= EXTRA_DISKS; i++) {
    const file = join(dir, `raid${String(i)}.qcow2`);
    const created = await runCommand('qemu-img', ['create', '-q', '-f', 'qcow2', file, `${String(EXTRA_DISK_MIB)}M`]);
    if (created.code !== 0) throw new Error(`qemu-img create ${file}: ${created.stderr}`);
    extra.push('-drive', `file=${file},if=none,id=raid${String(i)},format=qcow2,cache=unsafe`,
      '-device', `virtio-blk-pci,drive=raid${String(i)},serial=${serial(i)}`);
  }
  appendFileSync(join(dir, 'vm.env'), `LAB_VM_QEMU_EXTRA="${extra.join(' ')}"\n`);
}

interface LogicalDisk { raid_level: string; volume_name?: string; is_root_volume?: boolean; physical_disks: string[]; size_gb: number | string }

describe.skipIf(why !== undefined)('software RAID 0/1/5/1+0 built by the agent in a VM (lab)', () => {
  let suite: AgentLabSuite | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    suite = await startAgentLabSuite({ name: 'raid', taps: 2, keeper: 'ferro-rd0' });
  }, 1_500_000);

  afterAll(async () => {
    await suite?.stop([VM]);
    if (figures.length > 0) console.log(`agent RAID lab figures (TCG):\n  ${figures.join('\n  ')}`);
  }, 180_000);

  it('RAID-1 root + RAID-5 + RAID-1+0 + RAID-0 from target_raid_config, then deleted', async () => {
    try {
      const { lab, servers } = suite!;
      const base = servers.conductor.hostUrl;
      await lab.mustScript('vm.sh', ['create', VM, '--index', String(VM_INDEX), '--mem', '1024', '--disk-size', '2G', '--force']);
      await addRaidDisks(lab);
      await lab.mustScript('bmc.sh', ['start', VM, '--ipmi', String(IPMI_PORT)]);
      const created = await api<LabNode>(base, 'POST', '/v1/nodes', {
        name: VM, driver: 'ipmi', boot_interface: 'ipxe', deploy_interface: 'direct', raid_interface: 'agent',
        driver_info: {
          ipmi_address: '127.0.0.1', ipmi_port: IPMI_PORT, ipmi_username: 'admin', ipmi_password: 'password', ipmi_cipher_suite: '3',
          deploy_kernel: 'ferro-deploy.kernel', deploy_ramdisk: 'ferro-deploy.initramfs',
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const node = created.body.uuid;
      expect((await api(base, 'POST', '/v1/ports', { address: labMac(VM_INDEX), node_uuid: node })).status).toBe(201);
      const timed = async (what: string, act: () => Promise<void>): Promise<LabNode> => {
        const startedAt = Date.now();
        await act();
        const after = await waitForProvisionState(base, node, 'manageable', PHASE_TIMEOUT_MS);
        figures.push(`${what}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
        return after;
      };
      await timed('manage', () => provision(base, node, { target: 'manage' }));

      const hints = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => ({ serial: serial(from + k) }));
      const target = {
        logical_disks: [
          { size_gb: 'MAX', raid_level: '1', controller: 'software', is_root_volume: true, physical_disks: hints(1, 2) },
          { size_gb: 'MAX', raid_level: '5', controller: 'software', volume_name: 'data5', physical_disks: hints(3, 5) },
          { size_gb: 'MAX', raid_level: '1+0', controller: 'software', volume_name: 'data10', physical_disks: hints(6, 9) },
          // No hints: takes every disk left, here extra disk 10 and the VM's own disk.
          { size_gb: 'MAX', raid_level: '0', controller: 'software', volume_name: 'scratch' },
        ],
      };
      const set = await api(base, 'PUT', `/v1/nodes/${node}/states/raid`, target);
      expect(set.status, JSON.stringify(set.body)).toBe(204);

      const built = await timed('manual clean: raid.delete_configuration + raid.create_configuration', () => provision(base, node, {
        target: 'clean', clean_steps: [{ interface: 'raid', step: 'delete_configuration' }, { interface: 'raid', step: 'create_configuration' }],
      }));
      const logical = built.raid_config['logical_disks'] as LogicalDisk[] | undefined;
      expect(logical, JSON.stringify(built.raid_config)).toHaveLength(4);
      const byName = (level: string) => logical!.find((l) => l.raid_level === level)!;
      expect(byName('1')).toMatchObject({ is_root_volume: true });
      expect(byName('1').physical_disks).toHaveLength(2);
      expect(byName('5').physical_disks).toHaveLength(3);
      expect(byName('1+0').physical_disks).toHaveLength(4);
      expect(byName('0').physical_disks).toHaveLength(2);
      // Sizes as the guest kernel built them (blockdev --getsize64 of each array), whole GiB as IPA reports them:
      // 1100 MiB disks; RAID-1 holds one (1.07 GiB), RAID-5 over three and RAID-1+0 over four hold two (2.1 GiB),
      // RAID-0 over 1100 MiB + the VM's 2 GiB disk holds both (3.07 GiB).
      const gib = (level: string) => Number(byName(level).size_gb);
      expect([gib('1'), gib('5'), gib('1+0'), gib('0')]).toEqual([1, 2, 2, 3]);

      const deleted = await timed('manual clean: raid.delete_configuration', () => provision(base, node, {
        target: 'clean', clean_steps: [{ interface: 'raid', step: 'delete_configuration' }],
      }));
      expect(deleted.raid_config['logical_disks'] ?? []).toEqual([]);
    } catch (error) {
      suite?.markFailed();
      throw error;
    }
  });
});
