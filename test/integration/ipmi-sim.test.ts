// The IPMI adapters against OpenIPMI's ipmi_sim (issue #3): the power and management contracts for the
// native client (`ipmitool`) and the subprocess one (`ipmitool-cli`), ipmitool as a second opinion, the
// fault cases, and a printed native-vs-subprocess measurement. Skips when ipmi_sim or ipmitool is missing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PowerTarget, isoTimestamp, newNode, systemClock, type JsonObject, type NodeRef } from '../../core/index.js';
import { createIpmiImplementations, IpmiError } from '../../drivers/ipmi/index.js';
import { managementContract } from '../contract/management.contract.js';
import { powerContract } from '../contract/power.contract.js';
import { refOf, testContext } from '../contract/driver-test-context.js';
import { freeUdpPort, ipmiSimUnavailable, startIpmiSim, type IpmiSim } from '../support/ipmi-sim.js';

const unavailable = await ipmiSimUnavailable();
if (unavailable) console.warn(`skipping ipmi_sim integration tests: ${unavailable}`);

let sim: IpmiSim;
let ipmi: ReturnType<typeof createIpmiImplementations>;
const node = (info: JsonObject = {}, uuid = '55555555-1111-4111-8111-111111111111'): NodeRef =>
  refOf(
    newNode({
      uuid,
      driver: 'ipmi',
      provision_state: 'manageable',
      created_at: isoTimestamp(0),
      driver_info: {
        ipmi_address: sim.host,
        ipmi_port: sim.port,
        ipmi_username: sim.username,
        ipmi_password: sim.password,
        ...info,
      },
    }),
  );
// ipmi_sim answers cipher suite 3 only and has no cipher suite discovery: ipmitool needs -C 3.
const cliNode = (info: JsonObject = {}): NodeRef =>
  node({ ipmi_cipher_suite: 3, ...info }, '66666666-1111-4111-8111-111111111111');
const power = (name: string) => ipmi.implementations.power![name]!;
const management = (name: string) => ipmi.implementations.management![name]!;

describe.skipIf(unavailable !== undefined)('IPMI against ipmi_sim', () => {
  beforeAll(async () => {
    sim = await startIpmiSim();
    ipmi = createIpmiImplementations({
      clock: systemClock,
      bindAddress: '127.0.0.1',
      requestTimeoutMs: 500,
      attempts: 3,
      powerPollIntervalMs: 100,
      ipmitool: { requestTimeoutMs: 1_000, attempts: 2 },
    });
  });
  afterAll(async () => {
    await ipmi.close();
    await sim.stop();
  });

  describe('native (ipmitool)', () => {
    powerContract('native vs ipmi_sim', () => Promise.resolve({ power: power('ipmitool'), node: node() }));
    // ipmi_sim keeps only the boot device, not the persistent bit: Ironic's answer is ipmi_force_boot_device.
    managementContract('native vs ipmi_sim', () =>
      Promise.resolve({ management: management('ipmitool'), node: node({ ipmi_force_boot_device: true }) }),
    );

    it('agrees with ipmitool on power and boot device', async () => {
      await power('ipmitool').setPowerState(node(), PowerTarget.On, undefined, testContext());
      expect(await sim.ipmitool('power', 'status')).toMatch(/Chassis Power is on/);
      await power('ipmitool').setPowerState(node(), PowerTarget.Off, undefined, testContext());
      expect(await sim.ipmitool('power', 'status')).toMatch(/Chassis Power is off/);
      await management('ipmitool').setBootDevice(node(), 'pxe', false, testContext());
      expect(await sim.ipmitool('chassis', 'bootparam', 'get', '5')).toMatch(/Boot Device Selector : Force PXE/);
      await sim.ipmitool('chassis', 'bootdev', 'cdrom');
      await expect(management('ipmitool').getBootDevice(node(), testContext())).resolves.toEqual({
        boot_device: 'cdrom',
        persistent: false,
      });
    });

    it('logs in with cipher suite 3 after ipmi_sim refuses 17, and says so when 17 is forced', async () => {
      await expect(power('ipmitool').getPowerState(node(), testContext())).resolves.toMatch(/^power (on|off)$/);
      const forced = await power('ipmitool')
        .getPowerState(node({ ipmi_cipher_suite: 17 }, '77777777-1111-4111-8111-111111111111'), testContext())
        .catch((error: unknown) => error);
      expect((forced as Error).message).toMatch(
        /refused to open a session with cipher suite 17: RMCP\+ status 0x04 \(invalid authentication algorithm\)/,
      );
    });

    it('reports an NMI ipmi_sim does not implement with its completion code', async () => {
      await expect(management('ipmitool').injectNmi!(node(), testContext())).rejects.toMatchObject({
        code: 'IpmiCommandFailed',
        completionCode: 0xcc,
      });
    });
  });

  describe('subprocess (ipmitool-cli)', () => {
    powerContract('ipmitool-cli vs ipmi_sim', () => Promise.resolve({ power: power('ipmitool-cli'), node: cliNode() }));
    managementContract('ipmitool-cli vs ipmi_sim', () =>
      Promise.resolve({ management: management('ipmitool-cli'), node: cliNode({ ipmi_force_boot_device: true }) }),
    );

    it('agrees with ipmitool on the boot device', async () => {
      await management('ipmitool-cli').setBootDevice(cliNode(), 'bios', false, testContext());
      expect(await sim.ipmitool('chassis', 'bootparam', 'get', '5')).toMatch(
        /Boot Device Selector : Force Boot into BIOS Setup/,
      );
    });
  });

  describe('faults', () => {
    for (const name of ['ipmitool', 'ipmitool-cli']) {
      it(`${name}: a wrong password ends in PowerStateFailure saying the BMC rejected the credentials`, async () => {
        const bad =
          name === 'ipmitool' ? node({ ipmi_password: 'wrong-secret' }) : cliNode({ ipmi_password: 'wrong-secret' });
        const error = await power(name)
          .getPowerState(bad, testContext())
          .catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'PowerStateFailure' });
        expect((error as Error).message).toMatch(/BMC at 127\.0\.0\.1:\d+ rejected the credentials for user 'admin'/);
        expect((error as Error).message).not.toContain('wrong-secret');
        expect((error as Error).cause).toBeInstanceOf(IpmiError);
      });

      it(`${name}: a BMC that never answers ends in a timeout naming host, port, time and attempts`, async () => {
        const silentPort = await freeUdpPort();
        const dead = name === 'ipmitool' ? node({ ipmi_port: silentPort }) : cliNode({ ipmi_port: silentPort });
        const error = await power(name)
          .getPowerState(dead, testContext())
          .catch((caught: unknown) => caught);
        expect((error as Error).message).toMatch(
          new RegExp(`BMC at 127\\.0\\.0\\.1:${silentPort} did not answer within \\d+ ms after \\d+ attempts`),
        );
      });
    }
  });

  it('measures sequential power status calls: native vs ipmitool subprocesses', async () => {
    const calls = 100;
    const measure = async (name: string, target: NodeRef) => {
      await power(name).getPowerState(target, testContext()); // warm: session, caches
      const cpuBefore = process.cpuUsage();
      const childBefore = childCpuMs();
      const started = performance.now();
      for (let i = 0; i < calls; i += 1) await power(name).getPowerState(target, testContext());
      const wallMs = (performance.now() - started) / calls;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = ((cpu.user + cpu.system) / 1_000 + (childCpuMs() - childBefore)) / calls;
      return { wallMs, cpuMs };
    };
    const native = await measure('ipmitool', node());
    const cli = await measure('ipmitool-cli', cliNode());
    console.log(`${calls} sequential power-status calls against ipmi_sim (ipmi_sim forks its chassis script on each):`);
    console.log(`  native ipmitool : ${native.wallMs.toFixed(2)} ms wall, ${native.cpuMs.toFixed(3)} ms CPU per call`);
    console.log(
      `  ipmitool-cli    : ${cli.wallMs.toFixed(2)} ms wall, ${cli.cpuMs.toFixed(3)} ms CPU per call (incl. child processes)`,
    );
    console.log(
      `  ratio cli/native: ${(cli.wallMs / native.wallMs).toFixed(1)}x wall, ${(cli.cpuMs / native.cpuMs).toFixed(1)}x CPU`,
    );
    expect(native.wallMs).toBeGreaterThan(0);
  });
});

/** CPU time of waited-for child processes (cutime + cstime in /proc/self/stat), in ms. */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[13]) + Number(fields[14]); // fields 16 and 17 of stat(5), counted from state
  return (ticks * 1_000) / 100; // USER_HZ is 100 on Linux
}
