// Issue #5, discovery in the lab: a QEMU VM that no node knows powers on and network-boots from Ferro. With
// discovery on (httpBoot.discoveryEnabled, dhcp.allowUnknownClients, agent.discoveryEnabled) Ferro's DHCP leases
// it an address, its boot script for the unknown MAC boots the deploy ramdisk for inspection, the agent posts its
// inventory to /v1/continue_inspection, and the conductor enrolls a new node: ports from the inventory's NICs,
// properties from its CPUs, memory and disks, the inventory readable through the API, an entry in its history.
// Nothing about the VM is enrolled beforehand. The power-on -> enrolled time is printed.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabFlashImage } from '../../agent/disk/lab-flash-manager.js';
import { addLabDisks, ensureDeployRamdisk, type LabNode } from '../support/agent-lab.js';
import { startAgentLabServers, type AgentLabServers } from '../support/agent-lab-servers.js';
import { api } from '../support/api-client.js';
import { labUnavailable, runCommand, startLab, waitUntil, type Lab } from '../support/lab.js';
import { ensureTestRamdisk, labMac } from '../support/pxe-lab.js';

const NAMESPACE = process.env.LAB_NS ?? 'ferro-discovery';
const WORK = process.env.FERRO_DISCOVERY_LAB_DIR ?? join(tmpdir(), 'ferro-discovery-lab');
process.env.LAB_BUILD_DIR ??= join(WORK, 'build');
process.env.LAB_CACHE_DIR ??= join(WORK, 'cache');
const IPXE_DIR = process.env.FERRO_IPXE_DIR ?? '/usr/lib/ipxe';
const KEEP = process.env.FERRO_E2E_KEEP === '1';
const VM = 'stray1';
const VM_INDEX = 1;
const DISCOVERY_TIMEOUT_MS = 300_000;

const why = (await labUnavailable()) ??
  ((await runCommand('sh', ['-c', `test -f ${IPXE_DIR}/undionly.kpxe && command -v qemu-img`])).code !== 0
    ? `${IPXE_DIR}/undionly.kpxe or qemu-img is missing (Debian packages ipxe, qemu-utils)` : undefined);
if (why) console.warn(`SKIP agent discovery lab e2e: ${why}`);

interface PortView { address: string; node_uuid: string; pxe_enabled: boolean }
interface InventoryView {
  inventory: { interfaces: Array<{ name: string; mac_address: string }>; disks: Array<{ name: string; size: number }>; memory: { physical_mb: number } };
}

describe.skipIf(why !== undefined)('discovery of an unknown machine (lab)', () => {
  let lab: Lab | undefined;
  let servers: AgentLabServers | undefined;
  let failed = false;

  beforeAll(async () => {
    await ensureTestRamdisk(process.env.LAB_BUILD_DIR!);
    await ensureDeployRamdisk();
    lab = await startLab({ taps: 2, namespace: NAMESPACE });
    servers = await startAgentLabServers(lab, {
      ipxeDir: IPXE_DIR, keeper: 'ferro-dc0',
      env: {
        FERRO_HTTP_BOOT_DISCOVERY_ENABLED: 'true',
        FERRO_DHCP_ALLOW_UNKNOWN_CLIENTS: 'true',
        FERRO_AGENT_DISCOVERY_ENABLED: 'true',
      },
    });
  }, 1_500_000);

  afterAll(async () => {
    if (failed && servers) console.warn(`conductor output (last lines):\n${servers.conductor.output().split('\n').slice(-60).join('\n')}`);
    const problems = (await servers?.stop()) ?? [];
    if (lab !== undefined) {
      if (existsSync(join(lab.runDir, 'vms', VM, 'vm.env'))) await lab.script('vm.sh', ['stop', VM]);
      problems.push(...await lab.stop({ keepRunDir: KEEP || failed }));
      if (KEEP || failed) console.warn(`lab run directory kept: ${lab.runDir}`);
    }
    if (problems.length > 0) console.warn(`lab teardown: ${problems.join('; ')}`);
  }, 180_000);

  it('an unknown VM that network-boots is enrolled with its ports, properties and inventory', async () => {
    try {
      const base = servers!.conductor.hostUrl;
      expect((await api<{ nodes: unknown[] }>(base, 'GET', '/v1/nodes')).body.nodes, 'nothing enrolled beforehand').toEqual([]);
      await lab!.mustScript('vm.sh', ['create', VM, '--index', String(VM_INDEX), '--mem', '1024', '--disk-size', '4G', '--force']);
      await addLabDisks(lab!, VM, { sizeGiB: 2, flashImage: buildLabFlashImage('bmc-lab', '1.0.0', Buffer.from('lab firmware\n')) });
      const startedAt = Date.now();
      // No BMC: the operator (or the rack's PDU) powers the machine on, as when racking a new server.
      await lab!.mustScript('vm.sh', ['start', VM]);

      let port: PortView | undefined;
      await waitUntil('the VM to be discovered and enrolled', async () => {
        const ports = await api<{ ports: PortView[] }>(base, 'GET', `/v1/ports?address=${labMac(VM_INDEX)}&detail=True`);
        port = ports.body.ports[0];
        return port !== undefined;
      }, DISCOVERY_TIMEOUT_MS, 1000);
      const enrolledS = (Date.now() - startedAt) / 1000;
      console.log(`discovery (TCG): power on -> node enrolled with its port: ${enrolledS.toFixed(1)} s`);

      const node = (await api<LabNode & { driver: string }>(base, 'GET', `/v1/nodes/${port!.node_uuid}`)).body;
      expect(node.provision_state, 'discovered nodes wait in enroll, as Ironic leaves them').toBe('enroll');
      expect(node.driver).toBe('manual-management');
      expect(node.driver_internal_info['auto_discovered']).toBe(true);
      expect(Number(node.properties['memory_mb'])).toBeGreaterThan(0);
      expect(Number(node.properties['cpus'])).toBeGreaterThanOrEqual(1);
      expect(Number(node.properties['local_gb']), 'the largest disk (4 GiB), not the flash chip').toBeGreaterThanOrEqual(3);
      expect(port!.pxe_enabled).toBe(true);

      const inventory = await api<InventoryView>(base, 'GET', `/v1/nodes/${node.uuid}/inventory`);
      expect(inventory.status).toBe(200);
      expect(inventory.body.inventory.interfaces.map((i) => i.mac_address)).toContain(labMac(VM_INDEX));
      expect(inventory.body.inventory.disks.length, 'two data disks; the flash chip is not a disk').toBe(2);
      expect(inventory.body.inventory.memory.physical_mb).toBeGreaterThan(0);

      const history = await api<{ history: Array<{ event: string }> }>(base, 'GET', `/v1/nodes/${node.uuid}/history`);
      expect(history.body.history.map((h) => h.event).join('\n')).toContain(`Node discovered by in-band inspection (MAC addresses ${labMac(VM_INDEX)}`);
      // The agent goes on (lookup, which finds the new node now): give it time to post anything twice.
      await new Promise((r) => setTimeout(r, 15_000));
      const all = await api<{ nodes: unknown[] }>(base, 'GET', '/v1/nodes');
      expect(all.body.nodes, 'one machine, one node: the agent\'s later calls enroll nothing twice').toHaveLength(1);
    } catch (error) {
      failed = true;
      throw error;
    }
  });
});
