// Issue #3: through the API, with the real `baremetal` CLI, an `ipmi` node in front of OpenIPMI's ipmi_sim
// and a `redfish` node in front of Ferro's Redfish emulator (DMTF public-tower mockup): power, boot device,
// validate, inspect, BIOS settings, RAID and firmware update work and show in the node's history.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from '../../tools/redfish-emulator/index.js';
import { api } from '../support/api-client.js';
import { findBaremetalCli, jsonOf, runBaremetal } from '../support/baremetal-cli.js';
import { startConductor, type ConductorProcess } from '../support/conductor-process.js';
import { ipmiSimUnavailable, startIpmiSim, type IpmiSim } from '../support/ipmi-sim.js';

const MOCKUPS = join(import.meta.dirname, '../../../shared/redfish-mockups');
const TOWER = join(MOCKUPS, 'dmtf/public-tower');
const why = !findBaremetalCli()
  ? 'the baremetal CLI is not installed (python3-ironicclient)'
  : !existsSync(TOWER)
    ? `no Redfish mockups at ${MOCKUPS} (../shared is absent)`
    : await ipmiSimUnavailable();
if (why) console.warn(`SKIP BMC drivers through the CLI: ${why}`);

interface NodeJson { uuid: string; power_state: string | null; provision_state: string; last_error: string | null; driver_info: Record<string, unknown>; properties: Record<string, unknown>; raid_config: Record<string, unknown> }

describe.skipIf(why !== undefined)('ipmi and redfish nodes driven by the baremetal CLI', () => {
  let conductor: ConductorProcess;
  let sim: IpmiSim;
  let bmc: RedfishEmulator;
  const bm = (...args: string[]) => runBaremetal(conductor.url, args);
  const show = async (ident: string) => jsonOf<NodeJson>(await bm('node', 'show', ident, '-f', 'json'));
  const powerOf = async (ident: string) => (await show(ident)).power_state;
  const history = async (ident: string) =>
    jsonOf<Record<string, string>[]>(await bm('node', 'history', 'list', ident, '-f', 'json', '--long')).map((e) => e['Description of the event']).join('\n');

  beforeAll(async () => {
    sim = await startIpmiSim();
    bmc = await startRedfishEmulator({ mockupDir: TOWER });
    conductor = await startConductor({ env: { FERRO_CONDUCTOR_POWER_POLL_INTERVAL_MS: '200', FERRO_REDFISH_REQUEST_TIMEOUT_MS: '10000' } });
  }, 90_000);
  afterAll(async () => {
    await conductor?.stop();
    await bmc?.close();
    await sim?.stop();
  });

  it('drives an ipmi node: validate, power, reboot, boot device, manage; ipmitool agrees', async () => {
    const created = jsonOf<NodeJson>(await bm('node', 'create', '--driver', 'ipmi', '--name', 'ipmi-1', '-f', 'json',
      '--driver-info', 'ipmi_address=127.0.0.1', '--driver-info', `ipmi_port=${sim.port}`,
      '--driver-info', `ipmi_username=${sim.username}`, '--driver-info', `ipmi_password=${sim.password}`,
      '--driver-info', 'ipmi_cipher_suite=3'));
    expect(created.driver_info.ipmi_password).toBe('******');
    const validation = jsonOf<{ Interface: string; Result: boolean; Reason: string | null }[]>(await bm('node', 'validate', 'ipmi-1', '-f', 'json'));
    expect(validation.find((v) => v.Interface === 'power')?.Result).toBe(true);
    expect(validation.find((v) => v.Interface === 'management')?.Result).toBe(true);

    expect((await bm('node', 'power', 'on', 'ipmi-1')).code).toBe(0);
    await expect.poll(() => powerOf('ipmi-1'), { timeout: 20_000 }).toBe('power on');
    expect(await sim.ipmitool('power', 'status')).toMatch(/is on/);
    expect((await bm('node', 'reboot', 'ipmi-1')).code).toBe(0);
    await expect.poll(async () => (await show('ipmi-1')).power_state === 'power on' && (await history('ipmi-1')).includes('reboot'), { timeout: 30_000 }).toBe(true);
    expect((await bm('node', 'power', 'off', 'ipmi-1')).code).toBe(0);
    await expect.poll(() => powerOf('ipmi-1'), { timeout: 20_000 }).toBe('power off');
    expect(await sim.ipmitool('power', 'status')).toMatch(/is off/);

    expect((await bm('node', 'boot', 'device', 'set', 'ipmi-1', 'pxe', '--persistent')).code).toBe(0);
    expect(jsonOf<{ boot_device: string }>(await bm('node', 'boot', 'device', 'show', 'ipmi-1', '-f', 'json')).boot_device).toBe('pxe');
    expect(await sim.ipmitool('chassis', 'bootparam', 'get', '5')).toMatch(/PXE/i);

    const managed = await bm('node', 'manage', 'ipmi-1', '--wait', '60');
    expect(managed.stderr).toBe('');
    expect((await show('ipmi-1')).provision_state).toBe('manageable');
    expect(await history('ipmi-1')).toMatch(/power on/);
  }, 180_000);

  it('reports a wrong IPMI password as the reason the node stays in enroll', async () => {
    await bm('node', 'create', '--driver', 'ipmi', '--name', 'ipmi-bad', '--driver-info', 'ipmi_address=127.0.0.1',
      '--driver-info', `ipmi_port=${sim.port}`, '--driver-info', `ipmi_username=${sim.username}`,
      '--driver-info', 'ipmi_password=wrong-password', '--driver-info', 'ipmi_cipher_suite=3');
    await bm('node', 'manage', 'ipmi-bad', '--wait', '60');
    const node = await show('ipmi-bad');
    expect(node.provision_state).toBe('enroll');
    expect(node.last_error).toMatch(/rejected the credentials/);
    expect(node.last_error).not.toContain('wrong-password');
  }, 120_000);

  it('drives a redfish node: power, boot device, inspect, BIOS, RAID, firmware; all in history', async () => {
    const system = bmc.state.systems()[0] ?? '';
    jsonOf<NodeJson>(await bm('node', 'create', '--driver', 'redfish', '--name', 'rf-1', '-f', 'json',
      '--driver-info', `redfish_address=${bmc.url}`, '--driver-info', `redfish_system_id=${system}`,
      '--driver-info', 'redfish_username=admin', '--driver-info', 'redfish_password=password'));
    const validation = jsonOf<{ Interface: string; Result: boolean }[]>(await bm('node', 'validate', 'rf-1', '-f', 'json'));
    for (const iface of ['power', 'management', 'inspect', 'bios', 'raid', 'firmware']) expect(validation.find((v) => v.Interface === iface)?.Result, iface).toBe(true);

    expect((await bm('node', 'power', 'on', 'rf-1')).code).toBe(0);
    await expect.poll(() => powerOf('rf-1'), { timeout: 20_000 }).toBe('power on');
    expect((await bm('node', 'reboot', 'rf-1')).code).toBe(0);
    await expect.poll(async () => (await history('rf-1')).includes('reboot'), { timeout: 30_000 }).toBe(true);
    expect((await bm('node', 'boot', 'device', 'set', 'rf-1', 'pxe')).code).toBe(0);
    expect(jsonOf<{ boot_device: string }>(await bm('node', 'boot', 'device', 'show', 'rf-1', '-f', 'json')).boot_device).toBe('pxe');

    expect((await bm('node', 'manage', 'rf-1', '--wait', '60')).code).toBe(0);
    const inspected = await bm('node', 'inspect', 'rf-1', '--wait', '120');
    expect(inspected.stderr).toBe('');
    const node = await show('rf-1');
    expect(node.properties).toMatchObject({ cpus: expect.any(Number), memory_mb: expect.any(Number) });
    const ports = jsonOf<{ Address: string }[]>(await bm('port', 'list', '--node', node.uuid, '-f', 'json'));
    expect(ports.length).toBeGreaterThan(0);

    const settings = await bm('node', 'bios', 'setting', 'list', 'rf-1', '-f', 'json');
    const before = jsonOf<{ 'BIOS setting name': string; 'BIOS setting value': string }[]>(settings);
    expect(before.length).toBeGreaterThan(0);
    const bios = JSON.stringify([{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcTurboMode', value: 'Disabled' }] } }]);
    const cleanBios = await bm('node', 'clean', 'rf-1', '--clean-steps', bios, '--wait', '120');
    expect(cleanBios.stderr, (await show('rf-1')).last_error ?? '').toBe('');
    const after = jsonOf<{ 'BIOS setting name': string; 'BIOS setting value': string }[]>(await bm('node', 'bios', 'setting', 'list', 'rf-1', '-f', 'json'));
    expect(after.find((s) => s['BIOS setting name'] === 'ProcTurboMode')?.['BIOS setting value']).toBe('Disabled');

    const raid = JSON.stringify({ logical_disks: [{ size_gb: 'MAX', raid_level: '1', is_root_volume: true }] });
    expect((await bm('node', 'set', 'rf-1', '--target-raid-config', raid)).code).toBe(0);
    const raidSteps = JSON.stringify([{ interface: 'raid', step: 'delete_configuration' }, { interface: 'raid', step: 'create_configuration' }]);
    const cleanRaid = await bm('node', 'clean', 'rf-1', '--clean-steps', raidSteps, '--wait', '120');
    expect(cleanRaid.stderr, (await show('rf-1')).last_error ?? '').toBe('');
    expect((await show('rf-1')).raid_config).toHaveProperty('logical_disks');

    const firmwareBefore = await api<{ firmware: { component: string; current_version: string }[] }>(conductor.url, 'GET', `/v1/nodes/${node.uuid}/firmware`, undefined, '1.86');
    const bmcBefore = firmwareBefore.body.firmware.find((f) => f.component === 'bmc');
    const update = JSON.stringify([{ interface: 'firmware', step: 'update', args: { settings: [{ component: 'bmc', url: 'http://127.0.0.1/bmc-9.9.9.bin' }] } }]);
    const cleanFw = await bm('node', 'clean', 'rf-1', '--clean-steps', update, '--wait', '180');
    expect(cleanFw.stderr, (await show('rf-1')).last_error ?? '').toBe('');
    const firmwareAfter = await api<{ firmware: { component: string; initial_version: string; current_version: string }[] }>(conductor.url, 'GET', `/v1/nodes/${node.uuid}/firmware`, undefined, '1.86');
    const bmcAfter = firmwareAfter.body.firmware.find((f) => f.component === 'bmc');
    expect(bmcAfter?.current_version).toBe('9.9.9');
    if (bmcBefore) expect(bmcAfter?.initial_version).toBe(bmcBefore.current_version);

    const events = await history('rf-1');
    for (const word of ['power on', 'reboot', 'inspect', 'apply_configuration', 'create_configuration', 'update']) expect(events, word).toContain(word);
  }, 600_000);
});
