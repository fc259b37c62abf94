// Fast-track in the lab (Metal3 runs Ironic with [deploy]fast_track=True): one QEMU VM behind ipmi_sim, the
// conductor with agent.fastTrack on, goes enroll -> manage -> inspect -> provide -> deploy -> active -> undeploy.
// The ramdisk booted for inspection serves cleaning and deployment: the node history shows no power action between
// the end of inspection and deploy.tear_down_agent, and the fast-track reuse events. Each phase's duration is
// printed; compare the deploy phase with agent-deploy.test.ts's normal path (about 34 s under TCG, which includes
// the reboot into the ramdisk). Uses FERRO_RAMDISK_DIR when set (a ramdisk built from this checkout's agent).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision, sha256File, waitForProvisionState, type LabNode } from '../support/agent-lab.js';
import { AGENT_LAB_BOOT_URL } from '../support/agent-lab-servers.js';
import { agentLabSkipReason, startAgentLabSuite, type AgentLabSuite } from '../support/agent-lab-suite.js';
import { api } from '../support/api-client.js';
import { runCommand, serialLog, waitUntil } from '../support/lab.js';
import { labMac } from '../support/pxe-lab.js';

const VM = 'ft1';
const VM_INDEX = 1;
const IPMI_PORT = 6271;
const PHASE_TIMEOUT_MS = 300_000;
const why = await agentLabSkipReason({ name: 'ft', needsIpmi: true });

interface HistoryEvent { event: string; created_at: string }

describe.skipIf(why !== undefined)('fast-track: inspect -> provide -> deploy in one ramdisk boot (lab)', () => {
  let suite: AgentLabSuite | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    suite = await startAgentLabSuite({ name: 'ft', taps: 2, keeper: 'ferro-ft0', env: { FERRO_AGENT_FAST_TRACK: 'true' } });
  }, 1_500_000);

  afterAll(async () => {
    await suite?.stop([VM]);
    if (figures.length > 0) console.log(`fast-track lab figures (TCG):\n  ${figures.join('\n  ')}`);
  }, 180_000);

  it('reuses the inspection ramdisk for cleaning and deployment, then undeploys', async () => {
    try {
      const { lab, servers } = suite!;
      const base = servers.conductor.hostUrl;
      const marker = `FERRO-FT-${randomUUID().slice(0, 8)}`;
      const image = join(lab.runDir, 'images', 'instance.img');
      const built = await runCommand(join(lab.dir, 'build-disk-image.sh'), ['--out', image, '--marker', marker], { timeoutMs: 300_000 });
      expect(built.code, built.stderr).toBe(0);
      await lab.mustScript('vm.sh', ['create', VM, '--index', String(VM_INDEX), '--mem', '1024', '--disk-size', '4G', '--force']);
      await lab.mustScript('bmc.sh', ['start', VM, '--ipmi', String(IPMI_PORT)]);
      const created = await api<LabNode>(base, 'POST', '/v1/nodes', {
        name: VM, driver: 'ipmi', boot_interface: 'ipxe', deploy_interface: 'direct', inspect_interface: 'agent',
        driver_info: {
          ipmi_address: '127.0.0.1', ipmi_port: IPMI_PORT, ipmi_username: 'admin', ipmi_password: 'password', ipmi_cipher_suite: '3',
          deploy_kernel: 'ferro-deploy.kernel', deploy_ramdisk: 'ferro-deploy.initramfs',
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const node = created.body.uuid;
      expect((await api(base, 'POST', `/v1/ports`, { address: labMac(VM_INDEX), node_uuid: node })).status).toBe(201);
      const phase = async (what: string, act: () => Promise<void>, state: string): Promise<LabNode> => {
        const startedAt = Date.now();
        await act();
        const after = await waitForProvisionState(base, node, state, PHASE_TIMEOUT_MS);
        figures.push(`${what}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
        return after;
      };

      await phase('manage', () => provision(base, node, { target: 'manage' }), 'manageable');
      const inspected = await phase('inspect (boots the ramdisk)', () => provision(base, node, { target: 'inspect' }), 'manageable');
      expect(inspected.power_state, 'fast-track keeps the machine on after inspection').toBe('power on');
      // The agent heartbeats right after continue_inspection; cleaning reuses it once that is recorded.
      await waitUntil('the agent heartbeat after inspection', async () =>
        typeof (await api<LabNode>(base, 'GET', `/v1/nodes/${node}`)).body.driver_internal_info['agent_url'] === 'string', 60_000, 500);
      await phase('provide (metadata clean, fast-track)', () => provision(base, node, { target: 'provide' }), 'available');
      expect((await api(base, 'PATCH', `/v1/nodes/${node}`, [
        { op: 'add', path: '/instance_info/image_source', value: `${AGENT_LAB_BOOT_URL}/images/instance.img` },
        { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
        { op: 'add', path: '/instance_info/image_os_hash_value', value: sha256File(image) },
        { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
      ])).status).toBe(200);
      await phase('deploy (fast-track; normal path ~34 s under TCG)', () => provision(base, node, { target: 'active' }), 'active');
      const bootedS = await waitUntil(`${VM} to boot the deployed image`, async () => (await serialLog(lab, VM)).includes(marker), 300_000, 1000);
      figures.push(`active -> instance marker on the serial console: ${(bootedS / 1000).toFixed(1)} s`);

      const events = (await api<{ history: HistoryEvent[] }>(base, 'GET', `/v1/nodes/${node}/history`)).body.history.map((e) => e.event);
      for (const event of events.filter((e) => e.startsWith('fast-track') || / step .* after /.test(e))) figures.push(`history: ${event}`);
      const kept = events.findIndex((e) => e.startsWith('fast-track: the agent ramdisk keeps running'));
      const tearDown = events.findIndex((e) => e.startsWith('deploy step deploy.tear_down_agent'));
      expect(kept, events.join('\n')).toBeGreaterThanOrEqual(0);
      expect(tearDown, events.join('\n')).toBeGreaterThan(kept);
      // No power action at all from the end of inspection to tear_down_agent: no reboot into the ramdisk.
      expect(events.slice(kept, tearDown).filter((e) => /-> power (on|off)|rebooting/.test(e))).toEqual([]);
      expect(events).toContainEqual(expect.stringMatching(/^fast-track: reused the running agent for clean /));
      expect(events).toContainEqual(expect.stringMatching(/^fast-track: reused the running agent for deploy /));

      await phase('undeploy (tear down + metadata clean, fresh ramdisk)', () => provision(base, node, { target: 'deleted' }), 'available');
    } catch (error) {
      suite?.markFailed();
      throw error;
    }
  });
});
