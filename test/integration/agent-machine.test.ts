// Issue #5 without a VM: the conductor (a real process, fake power, Ferro's HTTP boot server on loopback) and the
// real agent bundle (dist/agent/ferro-agent.mjs, file-backed disks) run the whole life cycle and the faults the
// issue names: inspect, clean, deploy, undeploy; checksum mismatch, image URL 404, agent killed mid-write, machine
// powered off mid-deploy, forged heartbeat. test/support/simulated-machine.ts plays the machine: it boots the agent
// with the command line Ferro's iPXE script gives, whenever the node is powered on into a ramdisk state.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision, waitForProvisionState, type LabNode } from '../support/agent-lab.js';
import { api } from '../support/api-client.js';
import { freePort, type ConductorProcess } from '../support/conductor-process.js';
import { simulateMachine, type SimulatedMachine } from '../support/simulated-machine.js';
import { buildAgentBundle, startImageServer, startSimulatedMachineConductor, type ImageServer } from '../support/simulated-machine-conductor.js';

// The bundle is what runs in the ramdisk.
const why = buildAgentBundle('agent machine integration');

const GiB = 1024 ** 3;
const MAC = '52:54:00:aa:bb:01';

/** The first `length` bytes of a file. */
function head(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, 0);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(why !== undefined)('conductor + real agent on a simulated machine (file disks)', () => {
  let dir: string;
  let conductor: ConductorProcess;
  let images: ImageServer | undefined;
  let imagesUrl: string;
  let machine: SimulatedMachine | undefined;
  let node: string;
  const image = Buffer.concat([randomBytes(3 * 1024 * 1024), Buffer.alloc(5 * 1024 * 1024), randomBytes(1024 * 1024)]);
  const imageSha256 = createHash('sha256').update(image).digest('hex');
  const disks = (): string[] => [join(dir, 'disk0.img'), join(dir, 'disk1.img')];
  let stallImage = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferro-agent-machine-'));
    for (const disk of disks()) { writeFileSync(disk, ''); truncateSync(disk, 5 * GiB); }
    images = await startImageServer(image, (res) => {
      if (!stallImage) { res.end(image); return; }
      res.write(image.subarray(0, 1024 * 1024)); // then nothing: the agent is killed or the machine powered off meanwhile
    });
    imagesUrl = images.url;
    let bootUrl: string;
    ({ conductor, bootUrl } = await startSimulatedMachineConductor({ FERRO_CONDUCTOR_DEPLOY_CALLBACK_TIMEOUT_S: '30' }));
    const created = await api<LabNode>(conductor.url, 'POST', '/v1/nodes', {
      name: 'sim1', driver: 'fake-hardware',
      boot_interface: 'ipxe', deploy_interface: 'direct', inspect_interface: 'agent', raid_interface: 'agent',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    node = created.body.uuid;
    expect((await api(conductor.url, 'POST', '/v1/ports', { address: MAC, node_uuid: node })).status).toBe(201);
    machine = await simulateMachine({
      apiUrl: conductor.url, bootUrl, node, mac: MAC, diskFiles: disks(),
      workDir: join(dir, 'machine'), agentPort: await freePort(),
    });
  }, 60_000);

  afterAll(async () => {
    await machine?.stop();
    await conductor?.stop();
    await images?.close();
    if (process.env.FERRO_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  });

  const show = async (): Promise<LabNode> => (await api<LabNode>(conductor.url, 'GET', `/v1/nodes/${node}`)).body;
  const explain = (): string => `\nmachine:\n${machine?.output().slice(-4000) ?? ''}\nconductor:\n${conductor.output().slice(-4000)}`;
  const setImage = async (source: string, sha256: string): Promise<void> => {
    const res = await api(conductor.url, 'PATCH', `/v1/nodes/${node}`, [
      { op: 'add', path: '/instance_info/image_source', value: source },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: sha256 },
      { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
    ]);
    expect(res.status).toBe(200);
  };

  it('manage -> inspect: the agent reports the file disks and the NIC; properties follow', async () => {
    await provision(conductor.url, node, { target: 'manage' });
    await waitForProvisionState(conductor.url, node, 'manageable', 30_000);
    await provision(conductor.url, node, { target: 'inspect' });
    const inspected = await waitForProvisionState(conductor.url, node, 'manageable', 60_000).catch((e: unknown) => { throw new Error(`${String(e)}${explain()}`); });
    // Ironic's root-device hook keeps 1 GiB back for partitioning: a 5 GiB disk gives local_gb 4.
    expect(Number(inspected.properties['local_gb'])).toBe(4);
    const inventory = await api<{ inventory: { disks: Array<{ name: string; size: number }> } }>(conductor.url, 'GET', `/v1/nodes/${node}/inventory`);
    expect(inventory.body.inventory.disks.map((d) => d.name).sort()).toEqual(disks());
  });

  it('provide runs the agent\'s metadata clean on both disks', async () => {
    await provision(conductor.url, node, { target: 'provide' });
    await waitForProvisionState(conductor.url, node, 'available', 60_000).catch((e: unknown) => { throw new Error(`${String(e)}${explain()}`); });
  });

  it('deploy writes the image to the smallest disk >= 4 GiB and the node becomes active', async () => {
    await setImage(`${imagesUrl}/instance.img`, imageSha256);
    await provision(conductor.url, node, { target: 'active' });
    await waitForProvisionState(conductor.url, node, 'active', 60_000).catch((e: unknown) => { throw new Error(`${String(e)}${explain()}`); });
    const written = disks().map((d) => head(d, image.length)).filter((b) => b.equals(image));
    expect(written).toHaveLength(1);
  });

  it('undeploy tears down and cleans back to available', async () => {
    await provision(conductor.url, node, { target: 'deleted' });
    await waitForProvisionState(conductor.url, node, 'available', 60_000).catch((e: unknown) => { throw new Error(`${String(e)}${explain()}`); });
  });

  it('a checksum mismatch fails the deploy with both sums named; a re-deploy then succeeds', async () => {
    await setImage(`${imagesUrl}/instance.img`, 'ab'.repeat(32));
    await provision(conductor.url, node, { target: 'active' });
    await expect(waitForProvisionState(conductor.url, node, 'active', 60_000)).rejects.toThrow(/deploy failed: .*(checksum|sha256)/i);
    const failed = await show();
    expect(failed.last_error).toContain('ab'.repeat(32));
    expect(failed.last_error).toContain(imageSha256);
    await setImage(`${imagesUrl}/instance.img`, imageSha256);
    await provision(conductor.url, node, { target: 'active' });
    await waitForProvisionState(conductor.url, node, 'active', 60_000);
    await provision(conductor.url, node, { target: 'deleted' });
    await waitForProvisionState(conductor.url, node, 'available', 60_000);
  });

  it('an image URL that answers 404 fails the deploy naming the URL and the status', async () => {
    await setImage(`${imagesUrl}/missing.img`, imageSha256);
    await provision(conductor.url, node, { target: 'active' });
    await expect(waitForProvisionState(conductor.url, node, 'active', 60_000)).rejects.toThrow(/deploy failed/);
    const failed = await show();
    expect(failed.last_error).toMatch(/404/);
    expect(failed.last_error).toContain('missing.img');
  });

  it('a forged heartbeat is refused and changes nothing', async () => {
    const before = await show();
    const res = await api(conductor.url, 'POST', `/v1/heartbeat/${node}`, {
      callback_url: 'https://203.0.113.9:9999', agent_version: '9.9.9', agent_token: 'x'.repeat(43),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const after = await show();
    expect(after.driver_internal_info['agent_url']).toEqual(before.driver_internal_info['agent_url']);
    expect(after.provision_state).toBe(before.provision_state);
  });

  it('the machine powered off mid-write: the callback timeout fails the deploy naming what the agent last said', async () => {
    stallImage = true;
    try {
      await setImage(`${imagesUrl}/instance.img`, imageSha256);
      await provision(conductor.url, node, { target: 'active' });
      await waitUntilWriting();
      // Let the agent's progress reach the conductor (forced heartbeats carry it), then pull the plug.
      const reported = Date.now() + 30_000;
      while (!String((await show()).driver_internal_info['agent_last_status'] ?? '').includes('write_image') && Date.now() < reported) {
        await new Promise((r) => setTimeout(r, 200));
      }
      await api(conductor.url, 'PUT', `/v1/nodes/${node}/states/power`, { target: 'power off' });
      await expect(waitForProvisionState(conductor.url, node, 'active', 120_000)).rejects.toThrow(/deploy failed/);
      const { last_error: lastError } = await show();
      console.log(`powered off mid-write -> last_error: ${String(lastError)}`);
      expect(lastError).toMatch(/timed out|timeout/i);
      expect(lastError).toMatch(/last status was: "write_image/);
    } finally {
      stallImage = false;
    }
    await setImage(`${imagesUrl}/instance.img`, imageSha256);
    await provision(conductor.url, node, { target: 'active' });
    await waitForProvisionState(conductor.url, node, 'active', 60_000);
  });

  async function waitUntilWriting(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const n = await show();
      if (n.provision_state === 'wait call-back' && JSON.stringify(n.deploy_step ?? {}).includes('write_image')) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the deploy never reached write_image${explain()}`);
  }

  it('the agent killed mid-write: the deploy fails with a precise message; a re-deploy succeeds', async () => {
    await provision(conductor.url, node, { target: 'deleted' });
    await waitForProvisionState(conductor.url, node, 'available', 60_000);
    stallImage = true;
    try {
      await setImage(`${imagesUrl}/instance.img`, imageSha256);
      await provision(conductor.url, node, { target: 'active' });
      await waitUntilWriting();
      machine?.killAgent();
      await expect(waitForProvisionState(conductor.url, node, 'active', 120_000)).rejects.toThrow(/deploy failed/);
      const { last_error: lastError } = await show();
      console.log(`agent killed mid-write -> last_error: ${String(lastError)}`);
      expect(lastError).toMatch(/agent/i);
    } finally {
      stallImage = false;
    }
    await setImage(`${imagesUrl}/instance.img`, imageSha256);
    await provision(conductor.url, node, { target: 'active' });
    await waitForProvisionState(conductor.url, node, 'active', 60_000);
  });
});
