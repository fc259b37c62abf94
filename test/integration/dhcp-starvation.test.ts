// Issue #4 item 1: a DHCP starvation attempt (hundreds of random MACs) stays within dhcp.maxDynamicLeases and
// dhcp.maxNewClientsPerSecond, and an enrolled port still gets its lease afterwards. Namespaces are created
// and deleted here; skips with the reason when not root.
import type { ChildProcess } from 'node:child_process';
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
if (skipReason !== undefined) process.stderr.write(`dhcp-starvation: skipped, ${skipReason}\n`);

const ENROLLED_MAC = '52:54:00:be:ef:01';

describe.skipIf(skipReason !== undefined)('Ferro DHCP under a starvation attempt', () => {
  let server: Netns;
  let client: Netns;
  let ferro: ChildProcess | undefined;

  beforeAll(async () => {
    ensureDhcpAddon();
    [server, client] = await Promise.all([createNetns('ferro-dhcp-s'), createNetns('ferro-dhcp-c')]);
    await connectNetns(
      { ns: server, ifname: 'fd0', address: '10.77.0.1/24' },
      { ns: client, ifname: 'fc0', address: '10.77.0.2/24' },
    );
    await client.exec('ip', [
      'link',
      'add',
      'fc1',
      'link',
      'fc0',
      'address',
      ENROLLED_MAC,
      'type',
      'macvlan',
      'mode',
      'bridge',
    ]);
    await client.exec('ip', ['link', 'set', 'fc1', 'up']);
    ferro = server.spawn(process.execPath, tsxArgs('test/support/dhcp-server-process.ts'), {
      ...process.env,
      FERRO_TEST_DHCP: JSON.stringify({
        logLevel: 'info',
        hosts: { [ENROLLED_MAC]: { nodeUuid: 'node-1', pxeEnabled: true, fixedAddress: '10.77.0.42' } },
        dhcp: {
          interfaces: ['fd0'],
          subnets: ['10.77.0.0/24 10.77.0.50-10.77.0.250'],
          allowUnknownClients: true,
          maxDynamicLeases: 40,
          maxNewClientsPerSecond: 20,
        },
      }),
    });
    await waitForLine(ferro, /DHCP READY/, 20_000);
  });

  afterAll(async () => {
    await stopChild(ferro);
    await Promise.all([server, client].map((ns) => ns?.delete()));
  });

  it('leases to at most maxDynamicLeases random MACs, no faster than the new-client rate', async () => {
    const begin = Date.now();
    // 300 random MACs, 32 in flight, no warm-up, 300 ms per exchange (bench/dhcp-load-client.ts).
    const out = await client.exec(
      process.execPath,
      [...tsxArgs('bench/dhcp-load-client.ts'), '10.77.0.2', '10.77.0.1', '300', '1', '32', '0', '300'],
      60_000,
    );
    const seconds = (Date.now() - begin) / 1000;
    const { done, failed } = JSON.parse(out.trim()) as { done: number; failed: number };
    expect(done + failed).toBe(300);
    expect(done).toBeLessThanOrEqual(40);
    expect(done).toBeLessThanOrEqual(20 * (seconds + 1)); // token bucket: 20 at once, then 20 per second
    expect(done).toBeGreaterThan(0);
  });

  it('still serves an enrolled port its reserved address while unknown clients are refused', async () => {
    const out = await client.exec('sh', ['-c', 'busybox udhcpc -q -n -f -i fc1 -s /bin/true -t 5 -T 1 2>&1'], 30_000);
    expect(out).toMatch(/lease of 10\.77\.0\.42 obtained/);
  });
});
