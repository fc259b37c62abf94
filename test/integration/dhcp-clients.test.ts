// Issue #4 item 1: real DHCP clients (busybox udhcpc, ISC dhclient, ISC dhcrelay) against Ferro's DHCP server,
// each in network namespaces this file creates and deletes. Skips with the reason when not root.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDhcpAddon, tsxArgs } from '../support/dhcp-addon.js';
import {
  connectNetns,
  createNetns,
  netnsUnavailableReason,
  stopChild,
  waitForLine,
  type Netns,
} from '../support/netns.js';

const skipReason = await netnsUnavailableReason();
if (skipReason !== undefined) process.stderr.write(`dhcp-clients: skipped, ${skipReason}\n`);

/** Starts Ferro's DHCP server in `ns` and waits until it serves. */
async function startFerro(ns: Netns, input: object): Promise<ChildProcess> {
  const child = ns.spawn(process.execPath, tsxArgs('test/support/dhcp-server-process.ts'), {
    ...process.env,
    FERRO_TEST_DHCP: JSON.stringify(input),
  });
  await waitForLine(child, /DHCP READY/, 20_000);
  return child;
}

/** A udhcpc hook that records each event and applies bound/renew addresses, so renewals can unicast. */
function udhcpcScript(dir: string): { path: string; events: () => string[] } {
  const path = join(dir, 'udhcpc.sh');
  const log = join(dir, 'udhcpc.events');
  writeFileSync(
    path,
    `#!/bin/sh\necho "$1 $ip" >> ${log}\ncase "$1" in bound|renew) ip addr flush dev $interface; ip addr add $ip/$mask dev $interface;; deconfig) ip addr flush dev $interface;; esac\nexit 0\n`,
  );
  chmodSync(path, 0o755);
  return {
    path,
    events: () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n');
      } catch {
        return [];
      }
    },
  };
}

describe.skipIf(skipReason !== undefined)('Ferro DHCP with real clients in network namespaces', () => {
  let server: Netns;
  let client: Netns;
  let relay: Netns;
  let relayed: Netns;
  let dir: string;
  const children: ChildProcess[] = [];
  const dhcp = {
    interfaces: ['fd0'],
    subnets: [
      '10.77.0.0/24 10.77.0.100-10.77.0.199 router=10.77.0.1',
      '10.78.0.0/24 10.78.0.100-10.78.0.199 router=10.78.0.1',
    ],
    allowUnknownClients: true,
    leaseTimeS: 120,
  };

  beforeAll(async () => {
    ensureDhcpAddon();
    dir = mkdtempSync(join(tmpdir(), 'ferro-dhcp-'));
    [server, client, relay, relayed] = await Promise.all([
      createNetns('ferro-dhcp-s'),
      createNetns('ferro-dhcp-c'),
      createNetns('ferro-dhcp-r'),
      createNetns('ferro-dhcp-rc'),
    ]);
    await connectNetns({ ns: server, ifname: 'fd0', address: '10.77.0.1/24' }, { ns: client, ifname: 'fc0' });
    await connectNetns(
      { ns: server, ifname: 'fd1', address: '10.77.1.1/24' },
      { ns: relay, ifname: 'rs0', address: '10.77.1.2/24' },
    );
    await connectNetns({ ns: relay, ifname: 'rc0', address: '10.78.0.1/24' }, { ns: relayed, ifname: 'fc0' });
    await server.exec('ip', ['route', 'add', '10.78.0.0/24', 'via', '10.77.1.2']);
    await relay.exec('sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  });

  afterAll(async () => {
    for (const child of children) await stopChild(child);
    await Promise.all([server, client, relay, relayed].map((ns) => ns?.delete()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('leases to busybox udhcpc, renews by unicast and releases; the release frees the address', async () => {
    const ferro = await startFerro(server, { dhcp: { ...dhcp, interfaces: ['fd0', 'fd1'] } });
    children.push(ferro);
    const script = udhcpcScript(dir);
    const udhcpc = client.spawn('busybox', [
      'udhcpc',
      '-f',
      '-i',
      'fc0',
      '-s',
      script.path,
      '-t',
      '5',
      '-T',
      '1',
      '-R',
    ]);
    children.push(udhcpc);
    await waitForLine(ferro, /lease granted/, 15_000);
    await expect
      .poll(() => script.events().some((e) => e.startsWith('bound 10.77.0.1')), { timeout: 10_000 })
      .toBe(true);
    const address = script
      .events()
      .find((e) => e.startsWith('bound'))
      ?.split(' ')[1];
    udhcpc.kill('SIGUSR1'); // udhcpc(8): renew now
    await expect
      .poll(() => script.events().some((e) => e === `renew ${address ?? ''}`), { timeout: 10_000 })
      .toBe(true);
    const released = waitForLine(ferro, /lease released/, 10_000);
    udhcpc.kill('SIGUSR2'); // release
    await released;
    await stopChild(udhcpc);
  });

  it('leases to ISC dhclient, keeps its address on INIT-REBOOT, and takes its release', async () => {
    const script = join(dir, 'dhclient.sh');
    writeFileSync(
      script,
      `#!/bin/sh\necho "$reason $new_ip_address" >> ${dir}/dhclient.events\ncase "$reason" in BOUND|RENEW|REBOOT|REBIND) ip addr flush dev $interface; ip addr add $new_ip_address/24 dev $interface;; esac\nexit 0\n`,
    );
    chmodSync(script, 0o755);
    const args = [
      '-4',
      '-1',
      '-sf',
      script,
      '-lf',
      join(dir, 'dhclient.leases'),
      '-pf',
      join(dir, 'dhclient.pid'),
      'fc0',
    ];
    await client.exec('ip', ['addr', 'flush', 'dev', 'fc0']);
    await client.exec('dhclient', args, 60_000);
    const events = (): string[] => readFileSync(join(dir, 'dhclient.events'), 'utf8').trim().split('\n');
    const bound =
      events()
        .find((e) => e.startsWith('BOUND'))
        ?.split(' ')[1] ?? '';
    expect(bound).toMatch(/^10\.77\.0\.1\d\d$/);
    await client.exec('dhclient', ['-x', ...args.slice(2)]); // stop the daemon it left, without releasing
    await client.exec('dhclient', args, 60_000);
    expect(
      events()
        .filter((e) => /^(REBOOT|BOUND) /.test(e))
        .at(-1)
        ?.split(' ')[1],
    ).toBe(bound);
    await client.exec('dhclient', ['-r', ...args.slice(2)]);
    expect(events().at(-1)).toMatch(/^RELEASE/);
  });

  it('answers through ISC dhcrelay: the relayed client gets an address of the relay subnet', async () => {
    const dhcrelay = relay.spawn('dhcrelay', ['-4', '-d', '-iu', 'rs0', '-id', 'rc0', '10.77.1.1']);
    children.push(dhcrelay);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const out = await relayed.exec('sh', ['-c', 'busybox udhcpc -q -n -f -i fc0 -s /bin/true -t 5 -T 1 2>&1'], 30_000);
    expect(out).toMatch(/lease of 10\.78\.0\.1\d\d obtained/);
    await stopChild(dhcrelay);
  });
});
