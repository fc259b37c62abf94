// Fast-track ([deploy]fast_track, Metal3's setting) without a VM: the conductor (a real process, fake power,
// Ferro's HTTP boot server on loopback) with agent.fastTrack on, and the real agent bundle on a simulated machine
// (test/support/simulated-machine.ts boots an agent whenever the node is power-cycled into a ramdisk state). The
// agent booted for inspection must serve cleaning and deployment too: one boot for inspect -> provide -> deploy.
// A stale heartbeat (older than agent.fastTrackTimeoutS) takes the normal reboot path.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision, waitForProvisionState, type LabNode } from '../support/agent-lab.js';
import { api, waitForNode } from '../support/api-client.js';
import { freePort, type ConductorProcess } from '../support/conductor-process.js';
import { simulateMachine, type SimulatedMachine } from '../support/simulated-machine.js';
import { buildAgentBundle, startImageServer, startSimulatedMachineConductor, type ImageServer } from '../support/simulated-machine-conductor.js';

// The bundle is what runs in the ramdisk.
const why = buildAgentBundle('agent fast-track integration');

const GiB = 1024 ** 3;
const MAC = '52:54:00:aa:bb:f7';
/** Short enough to go stale in a test; the agent's periodic heartbeat (heartbeat_timeout 300 s) comes every 90-180 s. */
const FAST_TRACK_TIMEOUT_S = 15;

interface HistoryEvent { event: string; created_at: string }

describe.skipIf(why !== undefined)('fast-track: conductor + real agent on a simulated machine', () => {
  let dir: string;
  let conductor: ConductorProcess;
  let images: ImageServer | undefined;
  let imagesUrl: string;
  let machine: SimulatedMachine | undefined;
  let node: string;
  const image = Buffer.concat([randomBytes(1024 * 1024), Buffer.alloc(3 * 1024 * 1024)]);
  const imageSha256 = createHash('sha256').update(image).digest('hex');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferro-fast-track-'));
    const disk = join(dir, 'disk0.img');
    writeFileSync(disk, '');
    truncateSync(disk, 5 * GiB);
    images = await startImageServer(image);
    imagesUrl = images.url;
    let bootUrl: string;
    ({ conductor, bootUrl } = await startSimulatedMachineConductor({
      FERRO_CONDUCTOR_DEPLOY_CALLBACK_TIMEOUT_S: '60',
      FERRO_AGENT_FAST_TRACK: 'true', FERRO_AGENT_FAST_TRACK_TIMEOUT_S: String(FAST_TRACK_TIMEOUT_S),
    }));
    const created = await api<LabNode>(conductor.url, 'POST', '/v1/nodes', {
      name: 'ft1', driver: 'fake-hardware', boot_interface: 'ipxe', deploy_interface: 'direct', inspect_interface: 'agent',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    node = created.body.uuid;
    expect((await api(conductor.url, 'POST', '/v1/ports', { address: MAC, node_uuid: node })).status).toBe(201);
    machine = await simulateMachine({
      apiUrl: conductor.url, bootUrl, node, mac: MAC, diskFiles: [disk],
      workDir: join(dir, 'machine'), agentPort: await freePort(),
    });
  }, 60_000);

  afterAll(async () => {
    await machine?.stop();
    await conductor?.stop();
    await images?.close();
    if (process.env.FERRO_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  });

  const explain = (): string => `\nmachine:\n${machine?.output().slice(-4000) ?? ''}\nconductor:\n${conductor.output().slice(-6000)}`;
  const reach = (state: string, timeoutMs = 60_000): Promise<LabNode> =>
    waitForProvisionState(conductor.url, node, state, timeoutMs).catch((e: unknown) => { throw new Error(`${String(e)}${explain()}`); });
  const history = async (): Promise<string[]> =>
    (await api<{ history: HistoryEvent[] }>(conductor.url, 'GET', `/v1/nodes/${node}/history`)).body.history.map((e) => e.event);
  /** Waits until the running agent's heartbeat is recorded (it follows continue_inspection by a moment). */
  const heartbeatRecorded = (): Promise<unknown> =>
    waitForNode<LabNode & Record<string, unknown>>(conductor.url, node, (n) => typeof n.driver_internal_info['agent_url'] === 'string', 30_000)
      .catch((e: unknown) => { throw new Error(`no heartbeat recorded: ${String(e).slice(0, 300)}${explain()}`); });
  const deploy = async (): Promise<void> => {
    const res = await api(conductor.url, 'PATCH', `/v1/nodes/${node}`, [
      { op: 'add', path: '/instance_info/image_source', value: `${imagesUrl}/instance.img` },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: imageSha256 },
      { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
    ]);
    expect(res.status).toBe(200);
    await provision(conductor.url, node, { target: 'active' });
    await reach('active');
  };

  it('inspect -> provide -> deploy run in the one ramdisk boot inspection started', async () => {
    await provision(conductor.url, node, { target: 'manage' });
    await reach('manageable', 30_000);
    await provision(conductor.url, node, { target: 'inspect' });
    const inspected = await reach('manageable');
    expect(inspected.power_state, 'fast-track leaves the machine on after inspection').toBe('power on');
    await heartbeatRecorded();
    expect(machine?.boots()).toBe(1);

    await provision(conductor.url, node, { target: 'provide' });
    const cleaned = await reach('available');
    expect(cleaned.power_state).toBe('power on');
    expect(machine?.boots(), `cleaning reused the inspection ramdisk${explain()}`).toBe(1);

    await deploy();
    expect(machine?.boots(), `deployment reused the same ramdisk${explain()}`).toBe(1);
    const events = await history();
    expect(events).toContainEqual(expect.stringMatching(/^fast-track: reused the running agent for clean \(last heartbeat \d+ s ago\)$/));
    expect(events).toContainEqual(expect.stringMatching(/^fast-track: reused the running agent for deploy \(last heartbeat \d+ s ago\)$/));
    // The only power cycles: inspection's boot into the ramdisk, tear_down_agent's power off, boot_instance.
    expect(events.filter((e) => /^power on -> power off|^power off -> power on|rebooting/.test(e))).toHaveLength(3);
  }, 240_000);

  it('undeploy never fast-tracks: tear_down_agent powered off, so cleaning boots a fresh ramdisk', async () => {
    await provision(conductor.url, node, { target: 'deleted' });
    await reach('available');
    expect(machine?.boots()).toBe(2);
  }, 120_000);

  it('a heartbeat older than the fast-track timeout falls back to the normal reboot path', async () => {
    await heartbeatRecorded();
    // No periodic heartbeat comes for 90 s (heartbeat_timeout 300 s), so the last one goes stale.
    await new Promise((r) => setTimeout(r, (FAST_TRACK_TIMEOUT_S + 3) * 1000));
    await deploy();
    expect(machine?.boots(), `the stale agent was not reused${explain()}`).toBe(3);
    expect(await history()).toContainEqual(expect.stringMatching(/^fast-track: not used for deploy \(the agent's last heartbeat is \d+ s old \(fast-track timeout 15 s\)\); booting a fresh ramdisk$/));
  }, 120_000);
});
