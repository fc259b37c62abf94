// Issue #4: QEMU's iPXE waits ~13 s for an IPv6 router advertisement (../shared/lab/README.md). Ferro's advertiser
// answers a real solicitor, ndisc6's rdisc6, in a network namespace this file creates, with an advertisement that
// announces nothing: lifetime 0, no prefix, no DHCPv6. Skips with the reason when not root or rdisc6 is missing.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDhcpAddon, tsxArgs } from '../support/dhcp-addon.js';
import { connectNetns, createNetns, netnsUnavailableReason, stopChild, waitForLine, type Netns } from '../support/netns.js';

function rdisc6Missing(): string | undefined {
  try {
    execFileSync('sh', ['-c', 'command -v rdisc6']);
    return undefined;
  } catch {
    return 'rdisc6 is not installed (Debian package ndisc6)';
  }
}

const skipReason = (await netnsUnavailableReason()) ?? rdisc6Missing();
if (skipReason !== undefined) process.stderr.write(`router-advert: skipped, ${skipReason}\n`);

describe.skipIf(skipReason !== undefined)('IPv6 router advertisements for iPXE', () => {
  let server: Netns;
  let client: Netns;
  let advertiser: ChildProcess | undefined;

  beforeAll(async () => {
    ensureDhcpAddon();
    [server, client] = await Promise.all([createNetns('ferro-ra-s'), createNetns('ferro-ra-c')]);
    await connectNetns({ ns: server, ifname: 'ra0', address: '10.79.0.1/24' }, { ns: client, ifname: 'rc0' });
    // Wait for the link-local addresses to leave "tentative" (duplicate address detection), or sends fail.
    for (const [ns, dev] of [[server, 'ra0'], [client, 'rc0']] as const) {
      for (let i = 0; i < 50 && (await ns.exec('ip', ['-6', 'addr', 'show', 'dev', dev, 'tentative'])).trim() !== ''; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    advertiser = server.spawn(process.execPath, [...tsxArgs('test/support/router-advert-process.ts'), 'ra0']);
    await waitForLine(advertiser, /RA READY/, 20_000);
  }, 60_000);

  afterAll(async () => {
    await stopChild(advertiser);
    await Promise.all([server?.delete(), client?.delete()]);
  });

  it('answers a router solicitation with lifetime 0, no prefix and no DHCPv6 flags', async () => {
    const startedAt = Date.now();
    const out = await client.exec('rdisc6', ['-1', '-w', '3000', '-r', '2', 'rc0'], 15_000);
    const answeredMs = Date.now() - startedAt;
    expect(out).toMatch(/Router lifetime\s*:\s*0 \(0x0+\) seconds/);
    expect(out).toMatch(/Stateful address conf\.\s*:\s*No/);
    expect(out).toMatch(/Stateful other conf\.\s*:\s*No/);
    expect(out).not.toMatch(/Prefix\s*:/);
    expect(out).toMatch(/from fe80::/);
    expect(out).toMatch(/Source link-layer address/);
    expect(answeredMs, 'answered well within iPXE\'s ~13 s wait').toBeLessThan(3000);
  });
});
