// Issue #4 item 1: Ferro in proxyDHCP mode beside a dnsmasq that hands out addresses, both on one interface of
// a namespace this file creates. PXE clients get dnsmasq's address offer and Ferro's boot offer (yiaddr 0);
// other clients get only dnsmasq's. Skips with the reason when not root.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
if (skipReason !== undefined) process.stderr.write(`dhcp-proxy: skipped, ${skipReason}\n`);

interface Seen {
  type: number;
  yiaddr: string;
  siaddr: string;
  file: string;
  vendor: string | null;
}

describe.skipIf(skipReason !== undefined)('Ferro proxyDHCP beside dnsmasq', () => {
  let server: Netns;
  let client: Netns;
  let dir: string;
  const children: ChildProcess[] = [];

  const probe = async (mac: string, pxe: boolean): Promise<Seen[]> => {
    const out = await client.exec(process.execPath, [
      ...tsxArgs('test/support/dhcp-probe.ts'),
      'fc0',
      mac,
      '1500',
      ...(pxe ? ['pxe'] : []),
    ]);
    return out
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Seen);
  };

  beforeAll(async () => {
    ensureDhcpAddon();
    dir = mkdtempSync(join(tmpdir(), 'ferro-dhcp-proxy-'));
    [server, client] = await Promise.all([createNetns('ferro-dhcp-s'), createNetns('ferro-dhcp-c')]);
    await connectNetns(
      { ns: server, ifname: 'fd0', address: '10.77.0.1/24' },
      { ns: client, ifname: 'fc0', address: '10.77.0.250/24' },
    );
    const dnsmasq = server.spawn('dnsmasq', [
      '--no-daemon',
      '--conf-file=/dev/null',
      '--port=0',
      '--interface=fd0',
      '--bind-interfaces',
      '--no-ping',
      '--log-dhcp',
      '--dhcp-range=10.77.0.50,10.77.0.90,120',
      `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
      `--pid-file=${join(dir, 'dnsmasq.pid')}`,
    ]);
    children.push(dnsmasq);
    await waitForLine(dnsmasq, /DHCP, IP range/, 10_000);
    const ferro = server.spawn(process.execPath, tsxArgs('test/support/dhcp-server-process.ts'), {
      ...process.env,
      FERRO_TEST_DHCP: JSON.stringify({
        dhcp: { mode: 'proxy', interfaces: ['fd0'], subnets: ['10.77.0.0/24'], allowUnknownClients: true },
      }),
    });
    children.push(ferro);
    await waitForLine(ferro, /DHCP READY/, 20_000);
  });

  afterAll(async () => {
    for (const child of children) await stopChild(child);
    await Promise.all([server, client].map((ns) => ns?.delete()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a PXE client gets an address from dnsmasq and its boot file from Ferro', async () => {
    const seen = await probe('52:54:00:aa:00:01', true);
    expect(seen.find((s) => s.yiaddr !== '0.0.0.0')?.yiaddr).toMatch(/^10\.77\.0\.(5\d|[6-8]\d|90)$/);
    expect(seen.find((s) => s.yiaddr === '0.0.0.0')).toEqual({
      type: 2,
      yiaddr: '0.0.0.0',
      siaddr: '10.77.0.1',
      file: 'undionly.kpxe',
      vendor: 'PXEClient',
    });
  });

  it('a plain DHCP client hears only dnsmasq, and busybox udhcpc gets its lease', async () => {
    const seen = await probe('52:54:00:aa:00:02', false);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.yiaddr).not.toBe('0.0.0.0');
    const out = await client.exec('sh', ['-c', 'busybox udhcpc -q -n -f -i fc0 -s /bin/true -t 5 -T 1 2>&1'], 30_000);
    expect(out).toMatch(/lease of 10\.77\.0\.\d+ obtained from 10\.77\.0\.1/);
  });
});
