// The conductor's side of the agent (issue #5): lookup, heartbeat and the `direct` deploy driven through the
// real API and a scripted IPA-like agent over HTTPS (loopback only).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentInfoKey, MASKED_TOKEN, isoTimestamp } from '../../core/index.js';
import { checkCallbackTimeouts } from '../../conductor/periodic/callback-timeouts.js';
import { loadCluster } from '../../conductor/periodic/conductor-registration.js';
import { ADMIN } from '../support/conductor-harness.js';
import { createAgentLab, lookUpToken, type AgentLab } from './agent-conductor-harness.js';

const MAC = '52:54:00:12:34:56';
const IMAGE = { image_source: 'http://images.test/disk.qcow2', image_checksum: 'abc123', image_disk_format: 'qcow2' };
const DEPLOY_STEPS = { status: 'SUCCEEDED' as const, result: { deploy_steps: { GenericHardwareManager: [] }, hardware_manager_version: { generic_hardware_manager: '1.2' } } };

let lab: AgentLab;
beforeEach(async () => {
  lab = await createAgentLab();
  lab.agent.script.set('deploy.get_deploy_steps', DEPLOY_STEPS);
  lab.agent.script.set('standby.prepare_image', { status: 'RUNNING' });
});
afterEach(async () => { await lab.close(); });

/** A node deploying with `direct`, waiting for its ramdisk in deploy.deploy. */
async function deployingNode(): Promise<string> {
  const node = await lab.addNode({ provision_state: 'available', instance_info: IMAGE }, MAC);
  await lab.actions.provision(node.uuid, { target: 'active' }, ADMIN);
  await lab.settle();
  expect(await lab.node(node.uuid)).toMatchObject({ provision_state: 'wait call-back', deploy_step: { step: 'deploy' } });
  return node.uuid;
}

describe('lookup', () => {
  it('hands out a 43-character token once, then masks it, and masks it in driver_internal_info too', async () => {
    const uuid = await deployingNode();
    const first = await lab.lookup(`addresses=${MAC.toUpperCase()},not-a-mac`);
    expect(first.status).toBe(200);
    const config = first.body['config'] as Record<string, unknown>;
    expect(config).toMatchObject({ heartbeat_timeout: 300, agent_token_required: true });
    expect(String(config['agent_token'])).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.body['node']).toMatchObject({ uuid, instance_info: { image_source: IMAGE.image_source } });
    const second = await lab.lookup(`node_uuid=${uuid}`);
    expect((second.body['config'] as Record<string, unknown>)['agent_token']).toBe(MASKED_TOKEN);
    const node = second.body['node'] as Record<string, Record<string, unknown>>;
    expect(node['driver_internal_info']?.[AgentInfoKey.Token]).toBe(MASKED_TOKEN);
    expect((await lab.node(uuid)).driver_internal_info[AgentInfoKey.Token]).toBe(config['agent_token']);
  });

  it('answers 404 outside the lookup states and for unknown MACs (same message), 400 without any key', async () => {
    const idle = await lab.addNode({ provision_state: 'available' }, '52:54:00:00:00:01');
    const wrongState = await lab.lookup('addresses=52:54:00:00:00:01');
    const unknown = await lab.lookup('addresses=52:54:00:00:00:99');
    expect([wrongState.status, unknown.status]).toEqual([404, 404]);
    expect(wrongState.body).toEqual(unknown.body);
    expect((await lab.node(idle.uuid)).driver_internal_info[AgentInfoKey.Token]).toBeUndefined();
    expect((await lab.lookup('addresses=garbage')).status).toBe(400);
    const old = await lab.api.inject({ method: 'GET', url: `/v1/lookup?addresses=${MAC}`, headers: { 'X-OpenStack-Ironic-API-Version': '1.21' } });
    expect(old.statusCode).toBe(404);
  });
});

describe('heartbeat', () => {
  it('refuses a forged token with 400 and changes nothing, and refuses a replay once the session ended', async () => {
    const uuid = await deployingNode();
    const token = await lookUpToken(lab, MAC);
    const before = await lab.node(uuid);
    const forged = await lab.heartbeat(uuid, 'x'.repeat(43));
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('Invalid or missing agent token received.');
    const after = await lab.node(uuid);
    expect(after.driver_internal_info).toEqual(before.driver_internal_info);
    expect(lab.agent.requests).toHaveLength(0);
    // The real deploy, to its end: the session is wiped, so the old token is refused afterwards.
    expect((await lab.heartbeat(uuid, token)).status).toBe(202);
    lab.agent.finish('standby.prepare_image', { status: 'SUCCEEDED', result: {} });
    expect((await lab.heartbeat(uuid, token)).status).toBe(202);
    expect((await lab.node(uuid)).provision_state).toBe('active');
    const replay = await lab.heartbeat(uuid, token);
    expect(replay.status).toBe(400);
  });

  it('refuses an http callback while TLS is required, and a certificate change within the session', async () => {
    const uuid = await deployingNode();
    const token = await lookUpToken(lab, MAC);
    const plain = await lab.heartbeat(uuid, token, { callback_url: 'http://127.0.0.1:9999' });
    expect(plain.status).toBe(400);
    expect(plain.body).toContain('TLS is required by configuration');
    expect((await lab.heartbeat(uuid, token)).status).toBe(202);
    const { selfSignedCert } = await import('../../drivers/agent/testing/self-signed-cert.js');
    const changed = await lab.heartbeat(uuid, token, { agent_verify_ca: selfSignedCert().cert });
    expect(changed.status).toBe(400);
    expect(changed.body).toContain('agent_verify_ca');
  });
});

describe('direct deploy through the agent', () => {
  it('boots the ramdisk, lists steps, writes the image while heartbeats wait, and ends active with the session wiped', async () => {
    const uuid = await deployingNode();
    const token = await lookUpToken(lab, MAC);
    expect((await lab.heartbeat(uuid, token, { agent_status: 'start', agent_status_message: 'booted' })).status).toBe(202);
    expect(lab.agent.posted()).toEqual(['deploy.get_deploy_steps', 'standby.prepare_image']);
    const prepare = lab.agent.requests.find((r) => r.body?.['name'] === 'standby.prepare_image');
    expect(prepare?.body?.['params']).toMatchObject({ image_info: { urls: [IMAGE.image_source], checksum: 'abc123', disk_format: 'qcow2', image_type: 'whole-disk' } });
    let node = await lab.node(uuid);
    expect(node).toMatchObject({ provision_state: 'wait call-back', deploy_step: { step: 'write_image' } });
    expect(node.driver_internal_info).toMatchObject({ [AgentInfoKey.Url]: lab.agent.url, [AgentInfoKey.CertFingerprint]: lab.agent.fingerprint, [AgentInfoKey.LastStatus]: 'booted' });

    expect((await lab.heartbeat(uuid, token, { agent_status_message: 'write_image: 412 of 2048 MiB (20%)' })).status).toBe(202);
    node = await lab.node(uuid);
    expect(node.provision_state).toBe('wait call-back');
    expect(node.driver_internal_info[AgentInfoKey.LastStatus]).toBe('write_image: 412 of 2048 MiB (20%)');

    lab.agent.finish('standby.prepare_image', { status: 'SUCCEEDED', result: {} });
    await lab.heartbeat(uuid, token);
    node = await lab.node(uuid);
    expect(node).toMatchObject({ provision_state: 'active', power_state: 'power on', last_error: null });
    expect(lab.agent.posted()).toContain('standby.power_off');
    for (const key of [AgentInfoKey.Token, AgentInfoKey.Url, AgentInfoKey.PendingCommand]) expect(node.driver_internal_info[key]).toBeUndefined();
    expect(lab.agent.requests.every((r) => r.token === token)).toBe(true);
  });

  it('fails the deploy with the agent error in last_error and keeps the ramdisk logs', async () => {
    const uuid = await deployingNode();
    const token = await lookUpToken(lab, MAC);
    const logs = Buffer.from('fake tar.gz bytes');
    lab.agent.script.set('log.collect_system_logs', { status: 'SUCCEEDED', result: { system_logs: logs.toString('base64') } });
    await lab.heartbeat(uuid, token);
    lab.agent.finish('standby.prepare_image', {
      status: 'FAILED', error: { type: 'ImageChecksumError', message: 'Error verifying image checksum', details: 'Image failed to verify against checksum. location: disk.qcow2' },
    });
    await lab.heartbeat(uuid, token);
    const node = await lab.node(uuid);
    expect(node.provision_state).toBe('deploy failed');
    expect(node.last_error).toBe('Deploy step deploy.write_image failed: Error verifying image checksum: Image failed to verify against checksum. location: disk.qcow2.');
    expect(node.power_state).toBe('power off');

    const list = await lab.api.inject({ method: 'GET', url: `/v1/nodes/${uuid}/agent_logs` });
    const entries = (JSON.parse(list.body) as { agent_logs: Array<{ name: string; phase: string; size_bytes: number }> }).agent_logs;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ phase: 'deploy-failed', size_bytes: logs.length });
    const file = await lab.api.inject({ method: 'GET', url: `/v1/nodes/${uuid}/agent_logs/${entries[0]?.name ?? ''}` });
    expect(file.headers['content-type']).toBe('application/gzip');
    expect(file.rawPayload.equals(logs)).toBe(true);
    expect((await lab.api.inject({ method: 'GET', url: `/v1/nodes/${uuid}/agent_logs/../../etc/passwd` })).statusCode).toBe(404);
  });
});

describe('callback timeout', () => {
  it('names what the agent last reported, or that it never looked up', async () => {
    const heard = await deployingNode();
    const token = await lookUpToken(lab, MAC);
    await lab.heartbeat(heard, token, { agent_status_message: 'write_image: 412 of 2048 MiB (20%)' });
    const silent = await lab.addNode({ provision_state: 'wait call-back', provision_updated_at: isoTimestamp(lab.clock.now()) });
    await lab.clock.advance(lab.deps.timeouts.deployCallbackMs + 1000);
    await checkCallbackTimeouts(lab.deps, await loadCluster(lab.deps, 60_000), new AbortController().signal);
    const a = await lab.node(heard);
    expect(a.provision_state).toBe('deploy failed');
    expect(a.last_error).toContain('Its last status was: "write_image: 412 of 2048 MiB (20%)".');
    expect(a.last_error).toContain('The last heartbeat from the agent was received at');
    expect((await lab.node(silent.uuid)).last_error).toContain('The agent never looked up');
  });
});
