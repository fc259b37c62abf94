import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentConnectionFailed, AgentInfoKey, newNode, systemClock, type NodeRecord } from '../../core/index.js';
import { testStepContext } from '../../test/contract/driver-test-context.js';
import { AgentClient } from './agent-client.js';
import { AgentDeploy } from './agent-deploy.js';
import { ScriptedAgent } from './testing/scripted-agent.js';
import { selfSignedCert } from './testing/self-signed-cert.js';

const TOKEN = 't'.repeat(43);
const SETTINGS = { eraseDevicesPriority: 0, eraseDevicesMetadataPriority: 99, logsCollect: 'never' as const, logsMaxBytes: 1_000_000, powerOffGraceMs: 0, streamRawImages: true };
const STEP = { interface: 'deploy' as const, step: 'erase_devices_metadata', priority: 99, reboot_requested: false, abortable: true };

let agent: ScriptedAgent;
let deploy: AgentDeploy;

beforeEach(async () => {
  agent = new ScriptedAgent(selfSignedCert());
  agent.token = TOKEN;
  agent.script.set('deploy.get_deploy_steps', { status: 'SUCCEEDED', result: { deploy_steps: { GenericHardwareManager: [] } } });
  agent.script.set('clean.get_clean_steps', { status: 'SUCCEEDED', result: { clean_steps: { GenericHardwareManager: [STEP] } } });
  await agent.start();
  deploy = new AgentDeploy({ client: new AgentClient({ commandTimeoutMs: 5_000, maxResponseBytes: 1_000_000 }), clock: systemClock, settings: SETTINGS });
});
afterEach(async () => { await agent.stop(); });

/** A node in `state` whose running agent (the scripted one) has a session. */
function nodeIn(state: NodeRecord['provision_state']): NodeRecord {
  return newNode({
    uuid: '00000000-0000-4000-8000-00000000f001', driver: 'fake-hardware', provision_state: state, created_at: '2026-01-01T00:00:00+00:00',
    instance_info: { image_source: 'http://images/x.img', image_os_hash_algo: 'sha256', image_os_hash_value: 'ab'.repeat(32), image_disk_format: 'raw' },
    driver_internal_info: {
      [AgentInfoKey.Token]: TOKEN, [AgentInfoKey.Url]: agent.url, [AgentInfoKey.VerifyCa]: agent.cert.cert,
      [AgentInfoKey.CertFingerprint]: agent.fingerprint, [AgentInfoKey.LastHeartbeat]: '2026-01-01T00:00:00+00:00',
    },
  });
}
const DEPLOY_STEP = { interface: 'deploy' as const, step: 'deploy', args: {}, priority: 100 };

describe('direct deploy with fast-track', () => {
  it('deploy.deploy reuses the running agent: its deploy steps are listed, no power action, the run goes on', async () => {
    const ctx = testStepContext(nodeIn('deploying'), undefined, { fastTrack: true });
    const outcome = await deploy.executeStep(ctx.node(), DEPLOY_STEP, ctx);
    expect(outcome.result).toBe('done');
    expect(outcome.changes?.driver_internal_info).toHaveProperty(AgentInfoKey.CachedSteps.deploy);
    expect(ctx.powerCalls).toEqual([]);
    expect(ctx.ramdiskCalls).toEqual([]);
    expect(agent.posted()).toEqual(['deploy.get_deploy_steps']);
  });

  it('without fast-track deploy.deploy starts a fresh session and reboots into the ramdisk', async () => {
    const ctx = testStepContext(nodeIn('deploying'));
    expect((await deploy.executeStep(ctx.node(), DEPLOY_STEP, ctx)).result).toBe('wait');
    expect(ctx.reuseCalls).toEqual(['deploy']);
    expect(ctx.powerCalls).toEqual(['rebooting']);
    expect(ctx.ramdiskCalls).toEqual([{ action: 'prepare', purpose: 'deploy' }]);
    expect(ctx.saved[0]?.driver_internal_info?.[AgentInfoKey.Token]).toBeNull();
  });

  it('an agent that is gone fails the fast-track deploy at once, naming the agent and its last heartbeat', async () => {
    await agent.stop();
    const ctx = testStepContext(nodeIn('deploying'), undefined, { fastTrack: true });
    const failure = deploy.executeStep(ctx.node(), DEPLOY_STEP, ctx);
    await expect(failure).rejects.toBeInstanceOf(AgentConnectionFailed);
    await expect(failure).rejects.toThrow(/fast-track: the running agent at https:\/\/127\.0\.0\.1:\d+ \(last heartbeat 2026-01-01T00:00:00\+00:00\) did not list its deploy steps/);
    expect(ctx.powerCalls).toEqual([]);
  });

  it('cleaning reuses the running agent: its clean steps are cached now and no reboot is asked for', async () => {
    const ctx = testStepContext(nodeIn('cleaning'), undefined, { fastTrack: true });
    expect(await deploy.prepareSteps(ctx.node(), 'clean', ctx)).toBe('done');
    expect(ctx.powerCalls).toEqual([]);
    expect(JSON.stringify(ctx.saved)).toContain('erase_devices_metadata');
  });

  it('without fast-track cleaning reboots into the ramdisk and waits for it', async () => {
    const ctx = testStepContext(nodeIn('cleaning'));
    expect(await deploy.prepareSteps(ctx.node(), 'clean', ctx)).toBe('wait');
    expect(ctx.powerCalls).toEqual(['rebooting']);
  });

  it('the end of cleaning keeps the ramdisk and its session with fast-track, powers off without', async () => {
    const kept = testStepContext(nodeIn('cleaning'), undefined, { fastTrack: true });
    await deploy.finishSteps(kept.node(), 'clean', kept);
    expect(kept.powerCalls).toEqual([]);
    expect(kept.ramdiskCalls).toEqual([]);
    expect(kept.saved.some((c) => c.driver_internal_info?.[AgentInfoKey.Token] === null)).toBe(false);
    const normal = testStepContext(nodeIn('cleaning'));
    await deploy.finishSteps(normal.node(), 'clean', normal);
    expect(normal.powerCalls).toEqual(['power off']);
    expect(normal.saved.some((c) => c.driver_internal_info?.[AgentInfoKey.Token] === null)).toBe(true);
  });

  it('a deployment never keeps the agent: its failure tear-down powers off even with fast-track', async () => {
    const ctx = testStepContext(nodeIn('deploying'), undefined, { fastTrack: true });
    await deploy.finishSteps(ctx.node(), 'deploy', ctx);
    expect(ctx.powerCalls).toEqual(['power off']);
  });
});
