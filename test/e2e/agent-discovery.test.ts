// Issue #5, discovery in the lab: a QEMU VM that no node knows powers on and network-boots from Ferro. With
// discovery on (httpBoot.discoveryEnabled, dhcp.allowUnknownClients, agent.discoveryEnabled) Ferro's DHCP leases
// it an address, its boot script for the unknown MAC boots the deploy ramdisk for inspection, the agent posts its
// inventory to /v1/continue_inspection, and the conductor enrolls a new node: ports from the inventory's NICs,
// properties from its CPUs, memory and disks, the inventory readable through the API, an entry in its history.
// Nothing about the VM is enrolled beforehand. The power-on -> enrolled time is printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabFlashImage } from '../../agent/disk/lab-flash-manager.js';
import { addLabDisks, type LabNode } from '../support/agent-lab.js';
import { agentLabSkipReason, startAgentLabSuite, type AgentLabSuite } from '../support/agent-lab-suite.js';
import { api } from '../support/api-client.js';
import { waitUntil } from '../support/lab.js';
import { labMac } from '../support/pxe-lab.js';

const VM = 'stray1';
const VM_INDEX = 1;
const DISCOVERY_TIMEOUT_MS = 300_000;
const why = await agentLabSkipReason({ name: 'discovery' });

interface PortView { address: string; node_uuid: string; pxe_enabled: boolean }
interface InventoryView {
  inventory: { interfaces: Array<{ name: string; mac_address: string }>; disks: Array<{ name: string; size: number }>; memory: { physical_mb: number } };
}

describe.skipIf(why !== undefined)('discovery of an unknown machine (lab)', () => {
  let suite: AgentLabSuite | undefined;

  beforeAll(async () => {
    suite = await startAgentLabSuite({
      name: 'discovery', taps: 2, keeper: 'ferro-dc0',
      env: {
        FERRO_HTTP_BOOT_DISCOVERY_ENABLED: 'true',
        FERRO_DHCP_ALLOW_UNKNOWN_CLIENTS: 'true',
        FERRO_AGENT_DISCOVERY_ENABLED: 'true',
      },
    });
  }, 1_500_000);

  afterAll(async () => {
    await suite?.stop([VM]);
  }, 180_000);

  it('an unknown VM that network-boots is enrolled with its ports, properties and inventory', async () => {
    try {
      const { lab, servers } = suite!;
      const base = servers.conductor.hostUrl;
      expect((await api<{ nodes: unknown[] }>(base, 'GET', '/v1/nodes')).body.nodes, 'nothing enrolled beforehand').toEqual([]);
      await lab.mustScript('vm.sh', ['create', VM, '--index', String(VM_INDEX), '--mem', '1024', '--disk-size', '4G', '--force']);
      await addLabDisks(lab, VM, { sizeGiB: 2, flashImage: buildLabFlashImage('bmc-lab', '1.0.0', Buffer.from('lab firmware\n')) });
      const startedAt = Date.now();
      // No BMC: the operator (or the rack's PDU) powers the machine on, as when racking a new server.
      await lab.mustScript('vm.sh', ['start', VM]);

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
      suite?.markFailed();
      throw error;
    }
  });
});
