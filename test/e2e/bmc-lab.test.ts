// Issue #3 in the lab: "A capability that touches hardware is done when it works in the lab". Two QEMU VMs of
// ../shared/lab, one behind OpenIPMI's ipmi_sim (the lab's bmc.sh) and one behind Ferro's own Redfish emulator
// driving QEMU over QMP, are enrolled in a conductor that runs inside the lab namespace, and driven with the real
// `baremetal` CLI from the host through a lab-forward.sh forward. Every change is checked on the VM itself: the
// QEMU process (vm.sh status), the lab's boot settings (vm.sh info), QEMU's bootindex (lib/qmp.py) and what the
// firmware printed on the serial console.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeTreeMockup } from '../../tools/redfish-emulator/testing/tiny-mockup.js';
import { api } from '../support/api-client.js';
import { findBaremetalCli, jsonOf, runBaremetal } from '../support/baremetal-cli.js';
import { ipmiSimUnavailable } from '../support/ipmi-sim.js';
import { startLabConductor, startLabRedfishEmulator, type LabProcess } from '../support/lab-process.js';
import {
  bootIndexes,
  firmwareBootLines as bootLines,
  isVmOn,
  labUnavailable,
  serialLog,
  startLab,
  vmInfo,
  waitUntil,
  type Lab,
} from '../support/lab.js';

// Own node names and indexes (index N = tap N, MAC ...:N, serial port 9100+N, IPMI 6230+N), far above the
// lab's node0/node1 and its self-tests, so the suite can share the namespace with them.
const IPMI_NODE = 'ferro-e2e-ipmi46';
const REDFISH_NODE = 'ferro-e2e-rf47';
const TAPS = 48;
const IPMI_PORT = 6230 + 46;
const KEEP = process.env.FERRO_E2E_KEEP === '1'; // keep the run directory (disks, serial and BMC logs)
const DMTF_MOCKUP = join(import.meta.dirname, '../../../shared/redfish-mockups/dmtf/public-rackmount1');
const BASIC = `Basic ${Buffer.from('admin:password').toString('base64')}`;

const why = !findBaremetalCli()
  ? 'the baremetal CLI is not installed (python3-ironicclient)'
  : ((await labUnavailable()) ?? (await ipmiSimUnavailable()));
if (why) console.warn(`SKIP BMC lab e2e: ${why}`);

interface NodeJson {
  uuid: string;
  power_state: string | null;
  provision_state: string;
  last_error: string | null;
}
interface RedfishSystem {
  PowerState: string;
  Boot: { BootSourceOverrideEnabled: string; BootSourceOverrideTarget: string };
}

describe.skipIf(why !== undefined)('BMC drivers against QEMU VMs in the lab', () => {
  let lab: Lab | undefined;
  let conductor: LabProcess | undefined;
  let emulator: LabProcess | undefined;
  let failed = false;
  const timingsS: Record<string, number> = {};
  const since = (startedAt: number): number => Math.round((Date.now() - startedAt) / 10) / 100;
  const bm = (...args: string[]) => runBaremetal(conductor!.hostUrl, args);
  const show = async (node: string) => jsonOf<NodeJson>(await bm('node', 'show', node, '-f', 'json'));
  const mustBm = async (...args: string[]): Promise<void> => {
    const result = await bm(...args);
    expect(result.code, `baremetal ${args.join(' ')}: ${result.stderr}`).toBe(0);
  };
  /** Seconds from the API's power request (no CLI start-up in the figure) until the QEMU process runs or is gone. */
  const timeApiPower = async (node: string, target: 'power on' | 'power off'): Promise<number> => {
    const startedAt = Date.now();
    const res = await api(conductor!.hostUrl, 'PUT', `/v1/nodes/${node}/states/power`, { target });
    expect(res.status).toBe(202);
    await waitUntil(
      `${node}: ${target}`,
      async () => (await isVmOn(lab!, node)) === (target === 'power on'),
      60_000,
      50,
    );
    const seconds = since(startedAt);
    await expect.poll(async () => (await show(node)).power_state, { timeout: 30_000, interval: 500 }).toBe(target);
    return seconds;
  };

  beforeAll(async () => {
    lab = await startLab({ taps: TAPS });
    conductor = await startLabConductor(lab, {
      FERRO_CONDUCTOR_POWER_POLL_INTERVAL_MS: '200',
      // No periodic power sync: the suite switches VMs behind the conductor's back on purpose.
      FERRO_CONDUCTOR_SYNC_POWER_STATE_INTERVAL_S: '0',
    });
  }, 180_000);

  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });

  afterAll(async () => {
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    if (failed && conductor)
      console.warn(`conductor output (last lines):\n${conductor.output().split('\n').slice(-40).join('\n')}`);
    if (failed && emulator)
      console.warn(`redfish emulator output (last lines):\n${emulator.output().split('\n').slice(-20).join('\n')}`);
    await attempt('stop conductor', async () => conductor?.stop());
    await attempt('stop redfish emulator', async () => emulator?.stop());
    if (lab) {
      const current = lab;
      for (const node of [IPMI_NODE, REDFISH_NODE]) {
        if (existsSync(join(current.runDir, 'vms', node, 'vm.env')))
          await attempt(`power off ${node}`, () => current.mustScript('vm.sh', ['stop', node]));
      }
      await attempt('stop BMCs', () => current.mustScript('bmc.sh', ['stop', IPMI_NODE]));
      await attempt('lab teardown', async () => problems.push(...(await current.stop({ keepRunDir: KEEP || failed }))));
      if (KEEP || failed) console.warn(`lab run directory kept: ${current.runDir}`);
    }
    if (problems.length > 0) console.warn(`teardown problems:\n${problems.join('\n')}`);
    console.log(
      `lab timings (seconds, TCG):\n${Object.entries(timingsS)
        .map(([what, s]) => `  ${what}: ${s}`)
        .join('\n')}`,
    );
  }, 180_000);

  it('ipmi: ipmi_sim drives the VM for power, boot device, reboot and manage', async () => {
    const lab_ = lab!;
    await lab_.mustScript('bmc.sh', ['start', IPMI_NODE, '--ipmi', String(IPMI_PORT)]);
    expect(await isVmOn(lab_, IPMI_NODE)).toBe(false);
    await mustBm(
      'node',
      'create',
      '--driver',
      'ipmi',
      '--name',
      IPMI_NODE,
      '--driver-info',
      'ipmi_address=127.0.0.1',
      '--driver-info',
      `ipmi_port=${IPMI_PORT}`,
      '--driver-info',
      'ipmi_username=admin',
      '--driver-info',
      'ipmi_password=password',
      '--driver-info',
      'ipmi_cipher_suite=3',
    );

    let startedAt = Date.now();
    await mustBm('node', 'power', 'on', IPMI_NODE);
    timingsS['ipmi: baremetal power on returned'] = since(startedAt);
    await waitUntil('the VM to run', () => isVmOn(lab_, IPMI_NODE), 60_000);
    timingsS['ipmi: power on request -> qemu running'] = since(startedAt);
    await expect
      .poll(async () => (await show(IPMI_NODE)).power_state, { timeout: 30_000, interval: 500 })
      .toBe('power on');
    timingsS['ipmi: power on request -> Ferro reports power on'] = since(startedAt);

    // The lab's IPMI boot device is persistent (ipmi_sim passes only the device to its chassis control program).
    await mustBm('node', 'boot', 'device', 'set', IPMI_NODE, 'disk');
    expect(await vmInfo(lab_, IPMI_NODE)).toMatchObject({ BOOT_TARGET: 'disk', BOOT_NEXT: 'disk' });
    expect(await bootIndexes(lab_, IPMI_NODE)).toEqual({ nic: 2, disk: 1 });
    await mustBm('node', 'boot', 'device', 'set', IPMI_NODE, 'pxe');
    expect(await vmInfo(lab_, IPMI_NODE)).toMatchObject({ BOOT_TARGET: 'network', BOOT_NEXT: 'network' });
    expect(await bootIndexes(lab_, IPMI_NODE)).toEqual({ nic: 1, disk: 2 });

    // A reboot is a chassis reset (same QEMU, serial log goes on) or a power cycle (a new QEMU and serial log);
    // either way the firmware boots again, from the network first (SeaBIOS runs the NIC's iPXE ROM).
    const pidBefore = (await vmInfo(lab_, IPMI_NODE)).PID;
    const offset = (await serialLog(lab_, IPMI_NODE)).length;
    const bootsSinceReboot = async (): Promise<string[]> => {
      const info = await vmInfo(lab_, IPMI_NODE);
      return info.POWER === 'on' ? bootLines(lab_, IPMI_NODE, info.PID === pidBefore ? offset : 0) : [];
    };
    startedAt = Date.now();
    await mustBm('node', 'reboot', IPMI_NODE);
    await waitUntil('the firmware to boot again', async () => (await bootsSinceReboot()).length > 0, 90_000);
    const how = (await vmInfo(lab_, IPMI_NODE)).PID === pidBefore ? 'chassis reset' : 'power cycle';
    timingsS[`ipmi: reboot (${how}) request -> firmware boots again`] = since(startedAt);
    // Polled, not read once: a power cycle can start QEMU anew (new PID, serial log truncated) just after the wait
    // saw the firmware, and the new log needs a moment to show the firmware's first line again.
    await expect.poll(async () => (await bootsSinceReboot())[0], { timeout: 60_000, interval: 500 }).toBe('Booting from ROM');

    startedAt = Date.now();
    await mustBm('node', 'power', 'off', IPMI_NODE);
    await waitUntil('the VM to stop', async () => !(await isVmOn(lab_, IPMI_NODE)), 60_000);
    timingsS['ipmi: power off request -> qemu gone'] = since(startedAt);
    await expect
      .poll(async () => (await show(IPMI_NODE)).power_state, { timeout: 30_000, interval: 500 })
      .toBe('power off');

    startedAt = Date.now();
    await mustBm('node', 'manage', IPMI_NODE, '--wait', '120');
    timingsS['ipmi: manage --wait'] = since(startedAt);
    expect(await show(IPMI_NODE)).toMatchObject({
      provision_state: 'manageable',
      power_state: 'power off',
      last_error: null,
    });
    timingsS['ipmi: API power on request -> qemu running'] = await timeApiPower(IPMI_NODE, 'power on');
    timingsS['ipmi: API power off request -> qemu gone'] = await timeApiPower(IPMI_NODE, 'power off');
  });

  it("redfish: Ferro's emulator drives the VM over QMP; PowerState follows the VM", async () => {
    const lab_ = lab!;
    await lab_.mustScript('vm.sh', ['create', REDFISH_NODE]);
    const mockupDir = existsSync(DMTF_MOCKUP) ? DMTF_MOCKUP : writeTreeMockup();
    emulator = await startLabRedfishEmulator(lab_, REDFISH_NODE, { mockupDir, preferredPort: 8000 + 47 });
    const labPort = emulator.labPort;
    const get = async <T>(path: string): Promise<T> =>
      (await (await fetch(`${emulator!.hostUrl}${path}`, { headers: { Authorization: BASIC } })).json()) as T;
    const systemPath =
      (await get<{ Members: { '@odata.id': string }[] }>('/redfish/v1/Systems')).Members[0]?.['@odata.id'] ?? '';
    const system = () => get<RedfishSystem>(systemPath);
    expect((await system()).PowerState).toBe('Off');
    await mustBm(
      'node',
      'create',
      '--driver',
      'redfish',
      '--name',
      REDFISH_NODE,
      '--driver-info',
      `redfish_address=http://127.0.0.1:${labPort}`,
      '--driver-info',
      `redfish_system_id=${systemPath}`,
      '--driver-info',
      'redfish_username=admin',
      '--driver-info',
      'redfish_password=password',
    );

    let startedAt = Date.now();
    await mustBm('node', 'power', 'on', REDFISH_NODE);
    timingsS['redfish: baremetal power on returned'] = since(startedAt);
    await waitUntil('the VM to run', () => isVmOn(lab_, REDFISH_NODE), 60_000);
    timingsS['redfish: power on request -> qemu running'] = since(startedAt);
    await expect
      .poll(async () => (await show(REDFISH_NODE)).power_state, { timeout: 30_000, interval: 500 })
      .toBe('power on');
    timingsS['redfish: power on request -> Ferro reports power on'] = since(startedAt);
    expect((await system()).PowerState).toBe('On');

    // A one-time disk boot on the running VM: bootindex now, the firmware tries the disk at the reboot, and the
    // previous order is back afterwards (the blank disk fails over to the network ROM).
    await mustBm('node', 'boot', 'device', 'set', REDFISH_NODE, 'disk');
    expect((await system()).Boot).toMatchObject({ BootSourceOverrideEnabled: 'Once', BootSourceOverrideTarget: 'Hdd' });
    expect(await bootIndexes(lab_, REDFISH_NODE)).toEqual({ nic: 2, disk: 1 });
    const pid = (await vmInfo(lab_, REDFISH_NODE)).PID;
    const offset = (await serialLog(lab_, REDFISH_NODE)).length;
    startedAt = Date.now();
    await mustBm('node', 'reboot', REDFISH_NODE);
    await waitUntil(
      'the firmware to try the disk',
      async () =>
        (await bootLines(lab_, REDFISH_NODE, (await vmInfo(lab_, REDFISH_NODE)).PID === pid ? offset : 0)).includes(
          'Booting from Hard Disk',
        ),
      90_000,
    );
    timingsS['redfish: reboot request -> firmware boots the disk'] = since(startedAt);
    await expect
      .poll(() => bootIndexes(lab_, REDFISH_NODE), { timeout: 20_000, interval: 500 })
      .toEqual({ nic: 1, disk: 2 });
    expect((await system()).Boot.BootSourceOverrideEnabled).toBe('Disabled');

    await mustBm('node', 'boot', 'device', 'set', REDFISH_NODE, 'pxe', '--persistent');
    expect((await system()).Boot).toMatchObject({
      BootSourceOverrideEnabled: 'Continuous',
      BootSourceOverrideTarget: 'Pxe',
    });
    expect(await bootIndexes(lab_, REDFISH_NODE)).toEqual({ nic: 1, disk: 2 });

    startedAt = Date.now();
    await mustBm('node', 'power', 'off', REDFISH_NODE);
    await waitUntil('the VM to stop', async () => !(await isVmOn(lab_, REDFISH_NODE)), 60_000);
    timingsS['redfish: power off request -> qemu gone'] = since(startedAt);
    await expect
      .poll(async () => (await show(REDFISH_NODE)).power_state, { timeout: 30_000, interval: 500 })
      .toBe('power off');
    expect((await system()).PowerState).toBe('Off');

    // A one-time disk boot from power off: QEMU starts through vm.sh, then the emulator resets it into the disk.
    await mustBm('node', 'boot', 'device', 'set', REDFISH_NODE, 'disk');
    startedAt = Date.now();
    await mustBm('node', 'power', 'on', REDFISH_NODE);
    await waitUntil(
      'the firmware to try the disk',
      async () => (await bootLines(lab_, REDFISH_NODE)).includes('Booting from Hard Disk'),
      90_000,
    );
    timingsS['redfish: power on (Once Hdd) -> firmware boots the disk'] = since(startedAt);
    await mustBm('node', 'power', 'off', REDFISH_NODE);
    await waitUntil('the VM to stop', async () => !(await isVmOn(lab_, REDFISH_NODE)), 60_000);

    // PowerState is read from the VM, not from the emulator's memory: switch QEMU behind its back.
    await lab_.mustScript('vm.sh', ['start', REDFISH_NODE]);
    expect((await system()).PowerState).toBe('On');
    await lab_.mustScript('vm.sh', ['stop', REDFISH_NODE]);
    expect((await system()).PowerState).toBe('Off');

    startedAt = Date.now();
    await mustBm('node', 'manage', REDFISH_NODE, '--wait', '120');
    timingsS['redfish: manage --wait'] = since(startedAt);
    expect(await show(REDFISH_NODE)).toMatchObject({
      provision_state: 'manageable',
      power_state: 'power off',
      last_error: null,
    });
    timingsS['redfish: API power on request -> qemu running'] = await timeApiPower(REDFISH_NODE, 'power on');
    timingsS['redfish: API power off request -> qemu gone'] = await timeApiPower(REDFISH_NODE, 'power off');
  });
});
