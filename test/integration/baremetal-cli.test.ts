// Issue #2: the real `baremetal` CLI drives a fake-hardware node through its whole life, and its
// error paths print the server's message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api-client.js';
import { findBaremetalCli, jsonOf, runBaremetal } from '../support/baremetal-cli.js';
import { startConductor, type ConductorProcess } from '../support/conductor-process.js';

const cli = findBaremetalCli();
if (!cli) console.warn('SKIP baremetal CLI suite: install python3-ironicclient python3-openstackclient (Debian)');

interface NodeJson { uuid: string; name: string; provision_state: string; power_state: string | null; maintenance: boolean; maintenance_reason: string | null; properties: Record<string, unknown>; last_error: string | null; target_provision_state: string | null }

describe.skipIf(!cli)('baremetal CLI against Ferro', () => {
  let conductor: ConductorProcess;
  const bm = (...args: string[]) => runBaremetal(conductor.url, args);
  const show = async (ident: string) => jsonOf<NodeJson>(await bm('node', 'show', ident, '-f', 'json'));

  beforeAll(async () => {
    conductor = await startConductor();
  }, 60_000);
  afterAll(async () => {
    await conductor?.stop();
  });

  it('lists the fake-hardware driver', async () => {
    const drivers = jsonOf<{ 'Supported driver(s)': string }[]>(await bm('driver', 'list', '-f', 'json'));
    expect(drivers.map((d) => d['Supported driver(s)'])).toContain('fake-hardware');
  });

  it('takes a node from create to delete', async () => {
    const created = jsonOf<NodeJson>(await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-node-1', '-f', 'json'));
    expect(created.provision_state).toBe('enroll');
    const port = jsonOf<{ address: string; node_uuid: string }>(await bm('port', 'create', '52:54:00:AA:BB:01', '--node', created.uuid, '-f', 'json'));
    expect(port).toMatchObject({ address: '52:54:00:aa:bb:01', node_uuid: created.uuid });

    const validation = jsonOf<{ Interface: string; Result: boolean }[]>(await bm('node', 'validate', 'cli-node-1', '-f', 'json'));
    expect(validation.find((v) => v.Interface === 'power')?.Result).toBe(true);

    expect((await bm('node', 'power', 'on', 'cli-node-1')).code).toBe(0);
    await expect.poll(async () => (await show('cli-node-1')).power_state, { timeout: 10_000 }).toBe('power on');
    expect((await bm('node', 'power', 'off', 'cli-node-1')).code).toBe(0);
    await expect.poll(async () => (await show('cli-node-1')).power_state, { timeout: 10_000 }).toBe('power off');

    expect((await bm('node', 'boot', 'device', 'set', 'cli-node-1', 'pxe')).code).toBe(0);
    const boot = jsonOf<{ boot_device: string }>(await bm('node', 'boot', 'device', 'show', 'cli-node-1', '-f', 'json'));
    expect(boot.boot_device).toBe('pxe');

    for (const [verb, expected] of [['manage', 'manageable'], ['inspect', 'manageable'], ['provide', 'available'], ['deploy', 'active'], ['undeploy', 'available']] as const) {
      const result = await bm('node', verb, 'cli-node-1', '--wait', '60');
      expect(result.stderr, `${verb}: ${result.stderr}`).not.toMatch(/error|failed/i);
      expect(result.code, verb).toBe(0);
      const node = await show('cli-node-1');
      expect(node.provision_state, verb).toBe(expected);
      expect(node.target_provision_state, verb).toBeNull();
      if (verb === 'inspect') expect(node.properties).toHaveProperty('memory_mb');
    }

    expect((await bm('node', 'maintenance', 'set', 'cli-node-1', '--reason', 'disk swap')).code).toBe(0);
    expect(await show('cli-node-1')).toMatchObject({ maintenance: true, maintenance_reason: 'disk swap' });
    expect((await bm('node', 'maintenance', 'unset', 'cli-node-1')).code).toBe(0);
    expect((await show('cli-node-1')).maintenance).toBe(false);

    expect((await bm('node', 'delete', 'cli-node-1')).code).toBe(0);
    const gone = await bm('node', 'show', 'cli-node-1');
    expect(gone.code).not.toBe(0);
  }, 180_000);

  it('shows the inventory, BIOS settings and firmware the conductor cached after inspect and clean steps', async () => {
    // baremetal 5.0.1 has `node bios setting list/show` but no `node inventory` or `node firmware`: those go to the API.
    const node = jsonOf<NodeJson>(await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-data-1', '-f', 'json'));
    for (const verb of ['manage', 'inspect'] as const) expect((await bm('node', verb, 'cli-data-1', '--wait', '60')).code, verb).toBe(0);
    const inventory = await api<{ inventory: { cpu: { count: number }; interfaces: Array<{ mac_address: string }> }; plugin_data: unknown }>(
      conductor.url, 'GET', '/v1/nodes/cli-data-1/inventory', undefined, '1.81');
    expect(inventory.status).toBe(200);
    expect(inventory.body.inventory.cpu.count).toBe(8);
    expect(inventory.body.plugin_data).toEqual({});
    const ports = await api<{ ports: Array<{ address: string }> }>(conductor.url, 'GET', `/v1/ports?node=${node.uuid}`);
    expect(ports.body.ports.map((p) => p.address)).toEqual(inventory.body.inventory.interfaces.map((i) => i.mac_address));

    type Setting = Record<string, unknown>;
    const before = jsonOf<Setting[]>(await bm('node', 'bios', 'setting', 'list', 'cli-data-1', '-f', 'json'));
    expect(before.map((s) => Object.values(s).slice(0, 2))).toContainEqual(['ProcVirtualization', 'Enabled']);

    const steps = [
      { interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcVirtualization', value: 'Disabled' }] } },
      { interface: 'firmware', step: 'update', args: { settings: [{ component: 'bmc', url: 'http://images.test/bmc.bin' }] } },
    ];
    const cleaned = await bm('node', 'clean', 'cli-data-1', '--clean-steps', JSON.stringify(steps), '--wait', '60');
    expect(cleaned.code, cleaned.stderr).toBe(0);
    const shown = jsonOf<Setting>(await bm('node', 'bios', 'setting', 'show', 'cli-data-1', 'ProcVirtualization', '-f', 'json'));
    expect(shown).toMatchObject({ name: 'ProcVirtualization', value: 'Disabled' });
    const long = jsonOf<Setting[]>(await bm('node', 'bios', 'setting', 'list', 'cli-data-1', '--long', '-f', 'json'));
    expect(long).toHaveLength(3);
    expect(Object.keys(long[0] ?? {}).length).toBeGreaterThan(2);

    const firmware = await api<{ firmware: Array<Record<string, unknown>> }>(conductor.url, 'GET', '/v1/nodes/cli-data-1/firmware', undefined, '1.86');
    expect(firmware.body.firmware).toContainEqual(expect.objectContaining({ component: 'bmc', initial_version: '2.0.0', current_version: '2.0.1', last_version_flashed: '2.0.1' }));
    const history = await api<{ history: Array<{ event: string }> }>(conductor.url, 'GET', '/v1/nodes/cli-data-1/history', undefined, '1.78');
    expect(history.body.history.map((e) => e.event)).toEqual(expect.arrayContaining([
      'Inspection inventory stored', 'BIOS settings cached: 1 changed (ProcVirtualization)', 'Firmware components cached: updated bmc 2.0.0 -> 2.0.1',
    ]));
    expect((await bm('node', 'delete', 'cli-data-1')).code).toBe(0);
  }, 180_000);

  it('prints the server message for 404, 400, 409 and 406', async () => {
    const missing = await bm('node', 'show', 'no-such-node');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Node no-such-node could not be found. (HTTP 404)');

    const node = jsonOf<NodeJson>(await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-err-1', '-f', 'json'));
    const badMove = await bm('node', 'provide', 'cli-err-1');
    expect(badMove.stderr).toContain(`The requested action "provide" can not be performed on node "${node.uuid}" while it is in state "enroll". (HTTP 400)`);

    const dupName = await runBaremetal(conductor.url, ['--max-retries', '0', 'node', 'create', '--driver', 'fake-hardware', '--name', 'cli-err-1']);
    expect(dupName.stderr).toContain('A node with name cli-err-1 already exists. (HTTP 409)');

    expect((await bm('port', 'create', '52:54:00:aa:bb:02', '--node', node.uuid)).code).toBe(0);
    const dupMac = await runBaremetal(conductor.url, ['--max-retries', '0', 'port', 'create', '52:54:00:aa:bb:02', '--node', node.uuid]);
    expect(dupMac.stderr).toContain('A port with MAC address 52:54:00:aa:bb:02 already exists. (HTTP 409)');

    const tooNew = await bm('--os-baremetal-api-version', '1.200', 'node', 'list');
    expect(tooNew.code).not.toBe(0);
    expect(tooNew.stderr).toMatch(/Requested API version 1\.200 is not supported by the server.*\n?.*Supported version range is 1\.1 to 1\.\d+/s);
  }, 120_000);
});
