// In-band steps and inspection through the agent (issue #5): cleaning with IPA's erase steps, manual cleaning
// with agent RAID and Ferro's agent firmware, continue_inspection and discovery. Scripted agent on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { AgentInfoKey } from '../../core/index.js';
import { ADMIN } from '../support/conductor-harness.js';
import { createAgentLab, lookUpToken, type AgentLab } from './agent-conductor-harness.js';

const MAC = '52:54:00:aa:bb:01';
const CLEAN_STEPS = {
  status: 'SUCCEEDED' as const,
  result: {
    clean_steps: {
      GenericHardwareManager: [
        { step: 'erase_devices', priority: 10, interface: 'deploy', reboot_requested: false, abortable: true },
        { step: 'erase_devices_metadata', priority: 99, interface: 'deploy', reboot_requested: false, abortable: true },
        { step: 'delete_configuration', priority: 0, interface: 'raid', reboot_requested: false },
      ],
    },
    hardware_manager_version: { generic_hardware_manager: '1.2' },
  },
};

let lab: AgentLab | undefined;
afterEach(async () => { await lab?.close(); lab = undefined; });

async function labWithCleanSteps(): Promise<AgentLab> {
  const l = await createAgentLab();
  l.agent.script.set('clean.get_clean_steps', CLEAN_STEPS);
  l.agent.script.set('clean.execute_clean_step', { status: 'RUNNING' });
  return l;
}

/** Heartbeats once the ramdisk booted (fresh agent) and returns the token. */
async function bootAgent(l: AgentLab, uuid: string): Promise<string> {
  const token = await lookUpToken(l, MAC);
  expect((await l.heartbeat(uuid, token)).status).toBe(202);
  return token;
}

describe('cleaning through the agent', () => {
  it('lists the agent clean steps on the first heartbeat and runs metadata erase only (full erase priority 0)', async () => {
    lab = await labWithCleanSteps();
    const node = await lab.addNode({ provision_state: 'manageable' }, MAC);
    await lab.actions.provision(node.uuid, { target: 'provide' }, ADMIN);
    await lab.settle();
    expect((await lab.node(node.uuid)).provision_state).toBe('clean wait');
    const token = await bootAgent(lab, node.uuid);
    const run = lab.agent.requests.find((r) => r.body?.['name'] === 'clean.execute_clean_step');
    expect(run?.body?.['params']).toMatchObject({ step: { interface: 'deploy', step: 'erase_devices_metadata' }, clean_version: { generic_hardware_manager: '1.2' } });
    expect(run?.body?.['params']).toMatchObject({ node: { driver_internal_info: { [AgentInfoKey.Token]: '******' } } });
    expect((await lab.node(node.uuid)).clean_step).toMatchObject({ step: 'erase_devices_metadata' });
    await lab.heartbeat(node.uuid, token);
    expect((await lab.node(node.uuid)).provision_state).toBe('clean wait');
    lab.agent.finish('clean.execute_clean_step', { status: 'SUCCEEDED', result: { clean_result: null, clean_step: {} } });
    await lab.heartbeat(node.uuid, token);
    const done = await lab.node(node.uuid);
    expect(done).toMatchObject({ provision_state: 'available', power_state: 'power off' });
    expect(done.driver_internal_info[AgentInfoKey.Token]).toBeUndefined();
    expect(lab.agent.posted().filter((n) => n === 'clean.execute_clean_step')).toHaveLength(1);
  });

  it('a failed clean step fails cleaning with maintenance and the agent error', async () => {
    lab = await labWithCleanSteps();
    const node = await lab.addNode({ provision_state: 'manageable' }, MAC);
    await lab.actions.provision(node.uuid, { target: 'provide' }, ADMIN);
    await lab.settle();
    const token = await bootAgent(lab, node.uuid);
    lab.agent.finish('clean.execute_clean_step', { status: 'FAILED', error: { type: 'BlockDeviceEraseError', message: 'Error erasing block device', details: 'sda: wipefs failed' } });
    await lab.heartbeat(node.uuid, token);
    const failed = await lab.node(node.uuid);
    expect(failed).toMatchObject({ provision_state: 'clean failed', maintenance: true, fault: 'clean failure' });
    expect(failed.last_error).toBe(`Node ${node.uuid} failed step deploy.erase_devices_metadata: Error erasing block device: sda: wipefs failed`);
  });
});

describe('manual cleaning with agent RAID and firmware', () => {
  it('builds software RAID in-band and records the configuration the agent reports', async () => {
    lab = await labWithCleanSteps();
    const target = { logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true, controller: 'software' }] };
    const node = await lab.addNode({ provision_state: 'manageable', target_raid_config: target }, MAC);
    await lab.actions.provision(node.uuid, { target: 'clean', clean_steps: [{ interface: 'raid', step: 'create_configuration' }] }, ADMIN);
    await lab.settle();
    const token = await bootAgent(lab, node.uuid);
    const run = lab.agent.requests.find((r) => r.body?.['name'] === 'clean.execute_clean_step');
    expect(run?.body?.['params']).toMatchObject({ step: { interface: 'raid', step: 'create_configuration' }, node: { target_raid_config: target } });
    const built = { logical_disks: [{ size_gb: 100, raid_level: '1', is_root_volume: true, controller: 'software' }] };
    lab.agent.finish('clean.execute_clean_step', { status: 'SUCCEEDED', result: { clean_result: built } });
    await lab.heartbeat(node.uuid, token);
    const done = await lab.node(node.uuid);
    expect(done.provision_state).toBe('manageable');
    expect(done.raid_config).toMatchObject(built);
  });

  it('refuses a hardware-controller RAID config for agent RAID before anything changes', async () => {
    lab = await labWithCleanSteps();
    const node = await lab.addNode({ provision_state: 'manageable' }, MAC);
    await expect(lab.actions.setRaidConfig(node.uuid, { logical_disks: [{ size_gb: 10, raid_level: '1', controller: 'RAID.Integrated.1-1' }] }, ADMIN))
      .rejects.toThrow(/software RAID only/);
  });

  it('flashes firmware in-band and the firmware cache shows initial and current versions', async () => {
    lab = await labWithCleanSteps();
    const node = await lab.addNode({ provision_state: 'manageable' }, MAC);
    const settings = [{ component: 'bios', url: 'http://images.test/bios.bin', checksum: 'sha256:00' }];
    await lab.actions.provision(node.uuid, { target: 'clean', clean_steps: [{ interface: 'firmware', step: 'update', args: { settings } }] }, ADMIN);
    await lab.settle();
    const token = await bootAgent(lab, node.uuid);
    lab.agent.finish('clean.execute_clean_step', {
      status: 'SUCCEEDED', result: { clean_result: { firmware_components: [{ component: 'bios', previous_version: '1.0.0', current_version: '2.1.0' }] } },
    });
    await lab.heartbeat(node.uuid, token);
    expect((await lab.node(node.uuid)).provision_state).toBe('manageable');
    const firmware = await lab.deps.store.nodeData.get(node.uuid, 'firmware');
    expect(firmware?.value).toEqual([expect.objectContaining({ component: 'bios', initial_version: '1.0.0', current_version: '2.1.0' })]);
  });
});

const inventory = (macs: string[], bmc: string | null = null): Record<string, unknown> => ({
  interfaces: macs.map((mac, i) => ({ name: `eth${i}`, mac_address: mac, ipv4_address: null, has_carrier: true })),
  cpu: { model_name: 'QEMU', frequency: '2000', count: 4, architecture: 'x86_64', flags: [] },
  memory: { total: 8 * 1024 ** 3, physical_mb: 8192 },
  disks: [{ name: '/dev/vda', model: 'disk', size: 20 * 1024 ** 3, rotational: false }],
  bmc_address: bmc, bmc_v6address: null,
  boot: { current_boot_mode: 'uefi', pxe_interface: null }, hostname: 'localhost',
});

async function postInspection(l: AgentLab, body: Record<string, unknown>, query = ''): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await l.api.inject({ method: 'POST', url: `/v1/continue_inspection${query}`, headers: { 'X-OpenStack-Ironic-API-Version': '1.84' }, payload: body });
  await l.settle();
  return { status: res.statusCode, body: res.body === '' ? {} : JSON.parse(res.body) as Record<string, unknown> };
}

describe('continue_inspection', () => {
  it('applies the inventory of an inspecting node: ports, properties, stored inventory, power off, token wiped', async () => {
    lab = await createAgentLab();
    const node = await lab.addNode({ provision_state: 'manageable' }, MAC);
    await lab.actions.provision(node.uuid, { target: 'inspect' }, ADMIN);
    await lab.settle();
    expect((await lab.node(node.uuid)).provision_state).toBe('inspect wait');
    const answer = await postInspection(lab, { inventory: inventory([MAC, '52:54:00:aa:bb:02']), logs: 'bG9ncw==' });
    expect(answer.status).toBe(202);
    expect(String((answer.body['config'] as Record<string, unknown>)['agent_token'])).toHaveLength(43);
    const done = await lab.node(node.uuid);
    expect(done).toMatchObject({ provision_state: 'manageable', power_state: 'power off', properties: { cpus: 4, memory_mb: 8192, cpu_arch: 'x86_64', local_gb: 19 } });
    expect(done.driver_internal_info[AgentInfoKey.Token]).toBeUndefined();
    const ports = await lab.deps.store.ports.list({ node_uuid: node.uuid }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
    expect(ports.map((p) => p.address).sort()).toEqual([MAC, '52:54:00:aa:bb:02']);
    const stored = await lab.deps.store.nodeData.get(node.uuid, 'plugin_data');
    expect(stored?.value).toEqual({}); // logs are kept apart, never in plugin data
    // Powered off BEFORE `done`: whoever sees `manageable` may act at once (no NodeLocked while powering off).
    const events = (await lab.deps.store.history.list(node.uuid, { limit: 50, sortKey: 'id', sortDir: 'asc' })).map((e) => e.event);
    const poweredOff = events.findIndex((e) => e.includes('-> power off'));
    const finished = events.findIndex((e) => e.startsWith('inspect wait -> manageable'));
    expect(poweredOff, events.join('\n')).toBeGreaterThanOrEqual(0);
    expect(poweredOff, events.join('\n')).toBeLessThan(finished);
  });

  it('refuses data without interfaces (400) and an unknown machine while discovery is off (404)', async () => {
    lab = await createAgentLab();
    expect((await postInspection(lab, { inventory: { interfaces: [] } })).status).toBe(400);
    expect((await postInspection(lab, { inventory: inventory(['52:54:00:ff:ff:01']) })).status).toBe(404);
    expect(await lab.deps.store.nodes.list({}, { limit: 10, sortKey: 'id', sortDir: 'asc' })).toHaveLength(0);
  });

  it('enrolls an unknown machine when discovery is on: enroll state, ports, properties, history', async () => {
    lab = await createAgentLab({ discovery: { enabled: true, driver: 'manual-management' } });
    const answer = await postInspection(lab, { inventory: inventory(['52:54:00:ff:ff:02'], '192.0.2.10') });
    expect(answer.status).toBe(202);
    const uuid = String((answer.body['node'] as Record<string, unknown>)['uuid']);
    const node = await lab.node(uuid);
    expect(node).toMatchObject({ provision_state: 'enroll', driver: 'manual-management', properties: { cpus: 4, memory_mb: 8192 } });
    const ports = await lab.deps.store.ports.list({ node_uuid: uuid }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
    expect(ports.map((p) => p.address)).toEqual(['52:54:00:ff:ff:02']);
    const history = await lab.deps.store.history.list(uuid, { limit: 10, sortKey: 'created_at', sortDir: 'asc' });
    expect(history.map((h) => h.event).join('\n')).toContain('discovered');
  });
});
