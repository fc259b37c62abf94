// Issue #5 in the lab: a QEMU VM with two data disks and a lab flash chip, powered through IPMI (ipmi_sim in front
// of QEMU) and, in a second run, through Ferro's Redfish emulator, goes enroll -> manage -> inspect (agent; LLDP from lldpd on the bridge) ->
// firmware update (manual clean) -> provide (metadata clean) -> deploy with a RAID-1 deploy step and a disk image
// the test builds -> the VM boots the image from its disk (marker on the serial console) -> active -> undeploy ->
// available. Everything the VM does, it does through Ferro: its DHCP, TFTP and HTTP boot servers, its deploy
// ramdisk (npm run ramdisk:build) and agent. Each phase's duration comes from the node's history and is printed.
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabFlashImage } from '../../agent/disk/lab-flash-manager.js';
import { writeTreeMockup } from '../../tools/redfish-emulator/testing/tiny-mockup.js';
import { addLabDisks, provision, sha256File, waitForProvisionState, type LabNode } from '../support/agent-lab.js';
import { AGENT_LAB_BOOT_URL } from '../support/agent-lab-servers.js';
import { agentLabSkipReason, startAgentLabSuite, type AgentLabSuite } from '../support/agent-lab-suite.js';
import { api } from '../support/api-client.js';
import { startLabRedfishEmulator, type LabProcess } from '../support/lab-process.js';
import { runCommand, serialLog, waitUntil, type Lab } from '../support/lab.js';
import { labMac } from '../support/pxe-lab.js';
import { labLldpdUnavailable, startLabLldpd, type LabLldpd } from '../support/lab-lldpd.js';

const BOOT_URL = AGENT_LAB_BOOT_URL;
const DMTF_MOCKUP = join(import.meta.dirname, '../../../shared/redfish-mockups/dmtf/public-rackmount1');
const FLASH_COMPONENT = 'bmc-lab';
const PHASE_TIMEOUT_MS = 600_000;
const why = await agentLabSkipReason({ name: 'agent', needsIpmi: true });

async function mustRun(file: string, args: readonly string[]): Promise<void> {
  const result = await runCommand(file, args, { timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')}: ${result.stderr.trim()}`);
}

describe.skipIf(why !== undefined)('agent deploy of a QEMU VM with two disks (lab)', () => {
  let suite: AgentLabSuite | undefined;
  let lab: Lab | undefined;
  let conductor: LabProcess | undefined;
  let emulator: LabProcess | undefined;
  let lldpd: LabLldpd | undefined;
  let imageSha256 = '';
  let firmwareSha256 = '';
  const marker = `FERRO-INSTANCE-${randomUUID().slice(0, 8)}`;
  const figures: string[] = [];
  const images = (): string => join(lab!.runDir, 'images');

  beforeAll(async () => {
    // Ferro's side (test/support/agent-lab-servers.ts, shared with bench/agent-lab.ts): ramdisk and iPXE files
    // published, br0 kept up by a veth, one conductor serving the API on the bridge (the agents call it there),
    // DHCP with router advertisements, TFTP and HTTP boot.
    suite = await startAgentLabSuite({ name: 'agent', taps: 4, keeper: 'ferro-ag0' });
    lab = suite.lab;
    conductor = suite.servers.conductor;
    // A switch stand-in: lldpd on the bridge, so inspection hears LLDP as it would from a top-of-rack switch.
    const noLldpd = await labLldpdUnavailable();
    if (noLldpd === undefined) lldpd = await startLabLldpd(lab);
    else console.warn(`agent lab: no LLDP neighbour for the VMs: ${noLldpd}`);
    // The instance: the lab's bootable raw disk image (SYSLINUX + its busybox ramdisk) printing our marker.
    await mustRun(join(lab.dir, 'build-disk-image.sh'), ['--out', join(images(), 'instance.img'), '--marker', marker]);
    imageSha256 = sha256File(join(images(), 'instance.img'));
    writeFileSync(join(images(), 'flash-2.0.0.bin'), buildLabFlashImage(FLASH_COMPONENT, '2.0.0', Buffer.from('lab firmware 2.0.0\n'.repeat(100))));
    firmwareSha256 = sha256File(join(images(), 'flash-2.0.0.bin'));
  }, 1_500_000);

  afterAll(async () => {
    // lldpd and the emulator run in the namespace: lab-down refuses while processes run there.
    await suite?.stop(['agent1', 'agent2'], async () => {
      await lldpd?.stop();
      await emulator?.stop(3000);
    });
    if (figures.length > 0) console.log(`agent lab figures (TCG):\n  ${figures.join('\n  ')}`);
  }, 180_000);

  /** Runs the whole life cycle for VM `index` behind the BMC described by `driver` and `driverInfo`. */
  async function lifeCycle(label: string, index: number, driver: 'ipmi' | 'redfish', driverInfo: Record<string, unknown>): Promise<void> {
    const base = conductor!.hostUrl;
    const name = `agent${String(index)}`;
    const created = await api<LabNode>(base, 'POST', '/v1/nodes', {
      name, driver,
      boot_interface: 'ipxe', deploy_interface: 'direct', inspect_interface: 'agent', raid_interface: 'agent', firmware_interface: 'agent',
      driver_info: { ...driverInfo, deploy_kernel: 'ferro-deploy.kernel', deploy_ramdisk: 'ferro-deploy.initramfs' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const node = created.body.uuid;
    // The boot NIC is enrolled as Metal3 and the Ironic docs do (bootMACAddress): its MAC is how the boot
    // servers and the agent's lookup find the node.
    expect((await api(base, 'POST', '/v1/ports', { address: labMac(index), node_uuid: node })).status).toBe(201);
    const phase = async (what: string, act: () => Promise<void>, state: string): Promise<LabNode> => {
      const startedAt = Date.now();
      await act();
      const after = await waitForProvisionState(base, node, state, PHASE_TIMEOUT_MS);
      figures.push(`${label}: ${what}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return after;
    };

    await phase('manage', () => provision(base, node, { target: 'manage' }), 'manageable');
    const inspected = await phase('inspect (agent)', () => provision(base, node, { target: 'inspect' }), 'manageable');
    expect(Number(inspected.properties['memory_mb'])).toBeGreaterThan(0);
    expect(Number(inspected.properties['local_gb'])).toBeGreaterThanOrEqual(3);
    const inventory = await api<{
      inventory: { disks: Array<{ name: string; serial: string | null }>; interfaces: Array<{ name: string; mac_address: string }> };
      plugin_data: { parsed_lldp?: Record<string, Record<string, unknown>> };
    }>(base, 'GET', `/v1/nodes/${node}/inventory`);
    expect(inventory.status).toBe(200);
    expect(inventory.body.inventory.interfaces.map((i) => i.mac_address)).toContain(labMac(index));
    expect(inventory.body.inventory.disks.length, 'two data disks; the flash chip is not a disk').toBe(2);
    const ports = await api<{ ports: Array<{ address: string }> }>(base, 'GET', `/v1/ports?node=${node}`);
    expect(ports.body.ports.map((p) => p.address)).toContain(labMac(index));
    if (lldpd !== undefined) {
      // LLDP from the switch stand-in: decoded per interface, and the boot port's local_link_connection filled.
      const nic = inventory.body.inventory.interfaces.find((i) => i.mac_address === labMac(index));
      expect(inventory.body.plugin_data.parsed_lldp?.[nic?.name ?? '']).toMatchObject({
        switch_chassis_id: lldpd.chassisId, switch_port_id: lldpd.portId, switch_system_name: lldpd.systemName,
      });
      const linked = await api<{ ports: Array<{ address: string; local_link_connection: Record<string, string> }> }>(
        base, 'GET', `/v1/ports?node=${node}&fields=address,local_link_connection`);
      expect(linked.body.ports.find((p) => p.address === labMac(index))?.local_link_connection).toEqual({
        switch_id: lldpd.chassisId, port_id: lldpd.portId, switch_info: lldpd.systemName,
      });
    }

    await phase('firmware update (manual clean)', () => provision(base, node, {
      target: 'clean',
      clean_steps: [{ interface: 'firmware', step: 'update', args: { settings: [{ component: FLASH_COMPONENT, url: `${BOOT_URL}/images/flash-2.0.0.bin`, checksum: firmwareSha256 }] } }],
    }), 'manageable');
    const firmware = await api<{ firmware: Array<{ component: string; initial_version: string; current_version: string }> }>(base, 'GET', `/v1/nodes/${node}/firmware`);
    expect(firmware.body.firmware.find((c) => c.component === FLASH_COMPONENT)).toMatchObject({ initial_version: '1.0.0', current_version: '2.0.0' });

    await phase('provide (metadata clean)', () => provision(base, node, { target: 'provide' }), 'available');

    expect((await api(base, 'PATCH', `/v1/nodes/${node}`, [
      { op: 'add', path: '/instance_info/image_source', value: `${BOOT_URL}/images/instance.img` },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: imageSha256 },
      { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
    ])).status).toBe(200);
    const raid = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', controller: 'software', is_root_volume: true }] };
    const deployed = await phase('deploy (RAID-1 + image)', () => provision(base, node, {
      target: 'active', deploy_steps: [{ interface: 'raid', step: 'apply_configuration', args: { raid_config: raid }, priority: 90 }],
    }), 'active');
    expect(deployed.raid_config['logical_disks']).toEqual([expect.objectContaining({ raid_level: '1', controller: 'software' })]);
    const bootedS = await waitUntil(`${name} to boot the deployed image`, async () => (await serialLog(lab!, name)).includes(marker), 300_000, 1000);
    figures.push(`${label}: active -> instance marker on the serial console: ${(bootedS / 1000).toFixed(1)} s`);

    const history = await api<{ history: Array<{ event: string }> }>(base, 'GET', `/v1/nodes/${node}/history`);
    for (const entry of history.body.history.filter((h) => / step .* after /.test(h.event))) figures.push(`${label}: history: ${entry.event}`);

    await phase('undeploy (tear down + metadata clean)', () => provision(base, node, { target: 'deleted' }), 'available');
  }

  it('IPMI (ipmi_sim in front of QEMU): enroll -> inspect -> firmware -> provide -> RAID-1 deploy -> active -> undeploy', async () => {
    try {
      await lab!.mustScript('vm.sh', ['create', 'agent1', '--mem', '1024', '--disk-size', '4G', '--force']);
      await addLabDisks(lab!, 'agent1', { sizeGiB: 4, flashImage: buildLabFlashImage(FLASH_COMPONENT, '1.0.0', Buffer.from('lab firmware 1.0.0\n')) });
      await lab!.mustScript('bmc.sh', ['start', 'agent1', '--ipmi', String(6231)]);
      await lifeCycle('ipmi', 1, 'ipmi', {
        ipmi_address: '127.0.0.1', ipmi_port: 6231, ipmi_username: 'admin', ipmi_password: 'password', ipmi_cipher_suite: '3',
      });
    } catch (error) {
      suite?.markFailed();
      throw error;
    }
  });

  it('Redfish (Ferro\'s emulator driving QEMU over QMP): the same life cycle', async () => {
    try {
      await lab!.mustScript('vm.sh', ['create', 'agent2', '--mem', '1024', '--disk-size', '4G', '--force']);
      await addLabDisks(lab!, 'agent2', { sizeGiB: 4, flashImage: buildLabFlashImage(FLASH_COMPONENT, '1.0.0', Buffer.from('lab firmware 1.0.0\n')) });
      const mockupDir = existsSync(DMTF_MOCKUP) ? DMTF_MOCKUP : writeTreeMockup();
      emulator = await startLabRedfishEmulator(lab!, 'agent2', { mockupDir, preferredPort: 8002 });
      const systems = await (await fetch(`${emulator.hostUrl}/redfish/v1/Systems`, { headers: { Authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` } })).json() as { Members: Array<{ '@odata.id': string }> };
      await lifeCycle('redfish', 2, 'redfish', {
        redfish_address: `http://127.0.0.1:${String(emulator.labPort)}`, redfish_system_id: systems.Members[0]?.['@odata.id'] ?? '',
        redfish_username: 'admin', redfish_password: 'password',
      });
    } catch (error) {
      suite?.markFailed();
      throw error;
    }
  });
});
