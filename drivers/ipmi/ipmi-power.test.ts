import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PowerTarget, isoTimestamp, newNode, systemClock, type JsonObject } from '../../core/index.js';
import { powerContract } from '../../test/contract/power.contract.js';
import { managementContract } from '../../test/contract/management.contract.js';
import { refOf, testContext } from '../../test/contract/driver-test-context.js';
import { createIpmiImplementations } from './index.js';
import { ScriptedBmc } from './testing/scripted-bmc.js';

let bmc: ScriptedBmc;
let ipmi: ReturnType<typeof createIpmiImplementations>;
const nodeFor = (info: JsonObject = {}) =>
  refOf(
    newNode({
      uuid: '33333333-1111-4111-8111-111111111111',
      driver: 'ipmi',
      provision_state: 'enroll',
      created_at: isoTimestamp(0),
      driver_info: {
        ipmi_address: '127.0.0.1',
        ipmi_port: bmc.port,
        ipmi_username: 'admin',
        ipmi_password: 'password',
        ...info,
      },
    }),
  );

beforeAll(async () => {
  bmc = await ScriptedBmc.start();
  ipmi = createIpmiImplementations({
    clock: systemClock,
    bindAddress: '127.0.0.1',
    requestTimeoutMs: 200,
    attempts: 3,
    powerPollIntervalMs: 10,
  });
});
afterAll(async () => {
  await ipmi.close();
  await bmc.stop();
});

describe('IpmiPower and IpmiManagement (native) against a scripted BMC', () => {
  powerContract('native ipmitool power', () =>
    Promise.resolve({ power: ipmi.implementations.power!['ipmitool']!, node: nodeFor() }),
  );
  managementContract('native ipmitool management', () =>
    Promise.resolve({ management: ipmi.implementations.management!['ipmitool']!, node: nodeFor() }),
  );

  it('sets boot flags with the persistent and EFI bits, legacy when the node boots BIOS', async () => {
    const management = ipmi.implementations.management!['ipmitool']!;
    await management.setBootDevice(nodeFor(), 'pxe', true, testContext());
    expect(bmc.bootFlags.subarray(0, 2).toString('hex')).toBe('e004'); // valid | persistent | EFI, PXE << 2
    const biosNode = { ...nodeFor(), properties: { capabilities: 'boot_mode:bios' } };
    await management.setBootDevice(biosNode, 'cdrom', false, testContext());
    expect(bmc.bootFlags.subarray(0, 2).toString('hex')).toBe('8014');
  });

  it('turns an unreachable BMC into PowerStateFailure naming the node, with the IPMI error as cause', async () => {
    const power = ipmi.implementations.power!['ipmitool']!;
    bmc.behaviour.silent = true;
    bmc.forgetSessions();
    try {
      const error: unknown = await power
        .getPowerState(nodeFor({ ipmi_port: bmc.port }), testContext())
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'PowerStateFailure' });
      expect((error as Error).message).toMatch(
        /^IPMI get power state for node 33333333-.* failed: BMC at 127\.0\.0\.1:\d+ did not answer within \d+ ms after \d+ attempts/,
      );
      expect((error as Error).cause).toMatchObject({ code: 'IpmiTimeout' });
    } finally {
      bmc.behaviour.silent = false;
    }
  });

  it('fails a soft power off that the machine ignores, after the timeout', async () => {
    const power = ipmi.implementations.power!['ipmitool']!;
    await power.setPowerState(nodeFor(), PowerTarget.On, undefined, testContext());
    bmc.behaviour.ignoreSoftShutdown = true;
    try {
      await expect(power.setPowerState(nodeFor(), PowerTarget.SoftOff, 100, testContext())).rejects.toMatchObject({
        code: 'PowerStateFailure',
        message: expect.stringMatching(/did not power off within 100 ms after IPMI soft shutdown/),
      });
      expect(bmc.powerOn).toBe(true);
    } finally {
      bmc.behaviour.ignoreSoftShutdown = false;
    }
  });

  it('injects an NMI and reports a BMC that refuses one with its completion code', async () => {
    const management = ipmi.implementations.management!['ipmitool']!;
    await expect(management.injectNmi!(nodeFor(), testContext())).rejects.toMatchObject({
      code: 'IpmiCommandFailed',
      completionCode: 0xcc,
      message: expect.stringMatching(/Chassis Control: completion code 0xcc \(invalid data field in request\)/),
    });
  });

  it('remembers the boot device with ipmi_force_boot_device and sends it again before power on', async () => {
    const node = nodeFor({ ipmi_force_boot_device: true });
    const management = ipmi.implementations.management!['ipmitool']!;
    await management.setBootDevice(node, 'disk', false, testContext());
    bmc.bootFlags = Buffer.alloc(5); // the BMC forgets
    await expect(management.getBootDevice(node, testContext())).resolves.toEqual({
      boot_device: 'disk',
      persistent: false,
    });
    await ipmi.implementations.power!['ipmitool']!.setPowerState(node, PowerTarget.On, undefined, testContext());
    expect(bmc.bootFlags.subarray(0, 2).toString('hex')).toBe('a008');
  });
});
