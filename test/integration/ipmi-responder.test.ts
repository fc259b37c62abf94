// The multi-BMC IPMI responder (tools/ipmi-responder) checked against OpenIPMI's ipmi_sim (issue #3): the same
// requests through Ferro's IpmiClient and through ipmitool must get the same completion codes, power bits and
// boot device semantics from both; the few places where ipmi_sim departs from the IPMI 2.0 spec are pinned
// down as such. Then Ferro's power and management contracts run against the responder. Skips without
// ipmi_sim or ipmitool.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoTimestamp, newNode, systemClock, type NodeRef } from '../../core/index.js';
import {
  IpmiClient,
  createIpmiImplementations,
  parseChassisStatus,
  parseDeviceId,
  type BmcTarget,
} from '../../drivers/ipmi/index.js';
import { parseBootFlags } from '../../drivers/ipmi/boot-options.js';
import { encodeAsfPing, parseAsfPong } from '../../drivers/ipmi/rmcp-header.js';
import { startIpmiResponder, type IpmiResponder } from '../../tools/ipmi-responder/index.js';
import { refOf, testContext } from '../contract/driver-test-context.js';
import { managementContract } from '../contract/management.contract.js';
import { powerContract } from '../contract/power.contract.js';
import { ipmiSimUnavailable, ipmitool, startIpmiSim, type IpmiSim } from '../support/ipmi-sim.js';

const unavailable = await ipmiSimUnavailable();
if (unavailable) console.warn(`skipping IPMI responder vs ipmi_sim tests: ${unavailable}`);

let sim: IpmiSim;
let responder: IpmiResponder;
let client: IpmiClient;
let ipmi: ReturnType<typeof createIpmiImplementations>;

type Peer = 'ipmi_sim' | 'responder';
const portOf = (peer: Peer): number => (peer === 'ipmi_sim' ? sim.port : responder.port(0));
const target = (peer: Peer, extra: Partial<BmcTarget> = {}): BmcTarget => ({
  host: '127.0.0.1',
  port: portOf(peer),
  username: 'admin',
  password: 'password',
  privilege: 4,
  cipherSuite: 3,
  ...extra,
});
/** Sends one command to both peers; returns [ipmi_sim's answer, the responder's]. */
async function both(netFn: number, command: number, ...data: number[]) {
  const request = { netFn, command, data: Uint8Array.from(data) };
  return Promise.all(
    (['ipmi_sim', 'responder'] as const).map((peer) =>
      client.execute(target(peer), request, AbortSignal.timeout(10_000)),
    ),
  );
}
async function codes(netFn: number, command: number, ...data: number[]): Promise<number[]> {
  return (await both(netFn, command, ...data)).map((r) => r.completionCode);
}
async function powerBits(): Promise<boolean[]> {
  return (await both(0x00, 0x01)).map((r) => parseChassisStatus(r.data).powerOn);
}
async function bootDevices(): Promise<Array<string | null>> {
  return (await both(0x00, 0x09, 5, 0, 0)).map((r) => parseBootFlags(r.data).device);
}
const responderNode = (uuid: string, cipherSuite: number): NodeRef =>
  refOf(
    newNode({
      uuid,
      driver: 'ipmi',
      provision_state: 'manageable',
      created_at: isoTimestamp(0),
      driver_info: {
        ipmi_address: '127.0.0.1',
        ipmi_port: responder.port(1),
        ipmi_username: 'admin',
        ipmi_password: 'password',
        ipmi_cipher_suite: cipherSuite,
      },
    }),
  );

describe.skipIf(unavailable !== undefined)('IPMI responder against ipmi_sim', () => {
  beforeAll(async () => {
    sim = await startIpmiSim();
    responder = await startIpmiResponder({ bmcs: 2, basePort: 0 });
    client = new IpmiClient({ clock: systemClock, bindAddress: '127.0.0.1', requestTimeoutMs: 500, attempts: 3 });
    ipmi = createIpmiImplementations({
      clock: systemClock,
      bindAddress: '127.0.0.1',
      requestTimeoutMs: 500,
      attempts: 3,
      powerPollIntervalMs: 50,
      ipmitool: { requestTimeoutMs: 1_000, attempts: 2 },
    });
  });
  afterAll(async () => {
    await ipmi.close();
    await client.close();
    await responder.stop();
    await sim.stop();
  });

  it('agrees on power: status bits after power up, power down, soft shutdown and hard reset', async () => {
    expect(await powerBits()).toEqual([false, false]);
    for (const [action, on] of [
      [1, true],
      [0, false],
      [1, true],
      [5, false],
      [3, true],
      [0, false],
    ] as const) {
      expect(await codes(0x00, 0x02, action)).toEqual([0, 0]);
      expect(await powerBits()).toEqual([on, on]);
    }
  });

  it('agrees on the boot device each selector of System Boot Options parameter 5 stands for', async () => {
    for (const [selector, device] of [
      [0x04, 'pxe'],
      [0x18, 'bios'],
      [0x14, 'cdrom'],
      [0x08, 'disk'],
      [0x00, null],
    ] as const) {
      expect(await codes(0x00, 0x08, 5, 0x80, selector, 0, 0, 0)).toEqual([0, 0]);
      expect(await bootDevices()).toEqual([device, device]);
    }
    expect(await codes(0x00, 0x08, 3, 0x08)).toEqual([0, 0]); // Ironic's "disable boot timeout"
  });

  it('agrees on completion codes for refused and malformed requests, and on Get Device ID', async () => {
    expect(await codes(0x00, 0x02)).toEqual([0xc7, 0xc7]); // Chassis Control without an action
    expect(await codes(0x00, 0x08, 5, 0x80)).toEqual([0xc7, 0xc7]); // boot flags cut short
    expect(await codes(0x06, 0x99)).toEqual([0xc1, 0xc1]); // no such command
    expect(await codes(0x06, 0x3b, 5)).toEqual([0x81, 0x81]); // privilege above administrator
    expect(await codes(0x06, 0x3c, 1, 2, 3, 4)).toEqual([0x87, 0x87]); // closing someone else's session
    const ids = await both(0x06, 0x01);
    expect(ids.map((r) => [r.completionCode, parseDeviceId(r.data).ipmiVersion])).toEqual([
      [0, '2.0'],
      [0, '2.0'],
    ]);
    // Records come 16 bytes per list index after the channel number; ipmi_sim's suite 3 is in the second.
    const [first, second] = [await both(0x06, 0x54, 0x0e, 0, 0x80), await both(0x06, 0x54, 0x0e, 0, 0x81)];
    const lists = [0, 1].map((i) =>
      Buffer.concat([first[i]!.data.subarray(1), second[i]!.data.subarray(1)]).toString('hex'),
    );
    for (const list of lists) expect(list).toContain('c003014181'); // suite 3: RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128
  });

  it('departs from ipmi_sim only where ipmi_sim departs from the spec', async () => {
    // §28.12 Set In Progress: ipmi_sim refuses parameter 0 (0xCC); the responder implements it (0, then 0x81).
    expect(await codes(0x00, 0x08, 0, 1)).toEqual([0xcc, 0]);
    expect(await codes(0x00, 0x08, 0, 1)).toEqual([0xcc, 0x81]);
    expect(await codes(0x00, 0x08, 0, 0)).toEqual([0xcc, 0]);
    // §28.13: an unknown parameter is 0x80 "parameter not supported"; ipmi_sim says 0xCC.
    expect(await codes(0x00, 0x09, 0x62, 0, 0)).toEqual([0xcc, 0x80]);
    // §28.3: diagnostic interrupt is a valid action (ipmi_sim has no NMI); 0x0F is no action (ipmi_sim accepts it).
    expect(await codes(0x00, 0x02, 4)).toEqual([0xcc, 0]);
    expect(await codes(0x00, 0x02, 0x0f)).toEqual([0, 0xcc]);
    // Boot flags data 1: ipmi_sim keeps only the device; the responder keeps valid, persistent and EFI bits.
    await both(0x00, 0x08, 5, 0xe0, 0x04, 0, 0, 0);
    expect((await both(0x00, 0x09, 5, 0, 0)).map((r) => r.data[2])).toEqual([0x00, 0xe0]);
  });

  it('refuses a wrong password and an unknown user, as ipmi_sim does', async () => {
    for (const wrong of [{ password: 'not-the-password' }, { username: 'nobody' }]) {
      const errors = await Promise.all(
        (['ipmi_sim', 'responder'] as const).map((peer) =>
          client
            .execute(
              target(peer, wrong),
              { netFn: 0, command: 1, data: new Uint8Array(0) },
              AbortSignal.timeout(10_000),
            )
            .catch((e: unknown) => e),
        ),
      );
      expect(errors.map((e) => (e as { kind?: string }).kind)).toEqual(['credentials', 'credentials']);
    }
  });

  it('answers an RMCP presence ping like ipmi_sim', async () => {
    const socket = createSocket('udp4');
    try {
      const pongs: Buffer[] = [];
      const received = new Promise<void>((resolve) =>
        socket.on('message', (m) => {
          pongs.push(m);
          if (pongs.length === 2) resolve();
        }),
      );
      for (const peer of ['ipmi_sim', 'responder'] as const) socket.send(encodeAsfPing(9), portOf(peer), '127.0.0.1');
      await received;
      expect(pongs.map((p) => parseAsfPong(p))).toEqual([
        { tag: 9, ipmiSupported: true },
        { tag: 9, ipmiSupported: true },
      ]);
    } finally {
      socket.close();
    }
  });

  it('gives ipmitool the same answers as ipmi_sim: power status, power on, chassis bootdev pxe', async () => {
    const run = (peer: Peer, ...args: string[]) => ipmitool(portOf(peer), 'admin', 'password', args);
    const each = async (...args: string[]) => Promise.all([run('ipmi_sim', ...args), run('responder', ...args)]);
    await each('power', 'off');
    expect(await each('power', 'status')).toEqual(['Chassis Power is off\n', 'Chassis Power is off\n']);
    expect(await each('power', 'on')).toEqual(['Chassis Power Control: Up/On\n', 'Chassis Power Control: Up/On\n']);
    expect(await each('power', 'status')).toEqual(['Chassis Power is on\n', 'Chassis Power is on\n']);
    expect(await each('chassis', 'bootdev', 'pxe')).toEqual(['Set Boot Device to pxe\n', 'Set Boot Device to pxe\n']);
    for (const output of await each('chassis', 'bootparam', 'get', '5'))
      expect(output).toMatch(/Boot Device Selector : Force PXE/);
    const status = await each('chassis', 'status');
    expect(status[1]).toBe(status[0]);
  });

  it('lets ipmitool pick cipher suite 17 from Get Channel Cipher Suites when -C is not given', async () => {
    const output = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        'ipmitool',
        [
          '-I',
          'lanplus',
          '-H',
          '127.0.0.1',
          '-p',
          String(responder.port(0)),
          '-U',
          'admin',
          '-f',
          '/dev/stdin',
          '-v',
          'power',
          'status',
        ],
        { timeout: 20_000 },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(`${stderr}${stdout}`)),
      );
      child.stdin?.end('password\n');
    });
    expect(output).toMatch(/Using best available cipher suite 17/);
    expect(output).toMatch(/Chassis Power is (on|off)/);
  });

  describe('Ferro drivers against the responder', () => {
    const power = (name: string) => ipmi.implementations.power![name]!;
    const management = (name: string) => ipmi.implementations.management![name]!;
    powerContract('native (suite 17) vs responder', async () => ({
      power: power('ipmitool'),
      node: responderNode('88888888-1111-4111-8111-111111111111', 17),
    }));
    managementContract('native vs responder', async () => ({
      management: management('ipmitool'),
      node: responderNode('88888888-2222-4111-8111-111111111111', 3),
    }));
    powerContract('ipmitool-cli vs responder', async () => ({
      power: power('ipmitool-cli'),
      node: responderNode('88888888-3333-4111-8111-111111111111', 3),
    }));
    managementContract('ipmitool-cli vs responder', async () => ({
      management: management('ipmitool-cli'),
      node: responderNode('88888888-4444-4111-8111-111111111111', 3),
    }));

    it('reads back what the native driver wrote: power and persistent boot device', async () => {
      await power('ipmitool').setPowerState(
        responderNode('88888888-5555-4111-8111-111111111111', 3),
        'power on',
        undefined,
        testContext(),
      );
      expect(responder.bmc(1).powerOn).toBe(true);
      await management('ipmitool').setBootDevice(
        responderNode('88888888-5555-4111-8111-111111111111', 3),
        'pxe',
        true,
        testContext(),
      );
      expect((responder.bmc(1).bootFlags[0] ?? 0) & 0x40).toBe(0x40);
    });
  });
});
