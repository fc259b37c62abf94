// The agent's LLDP collection against a real LLDP speaker: Debian's lldpd announces on one end of a veth pair in a
// "switch" namespace, the agent's collection path (test/support/lldp-collect-process.ts: startLldpCollection with
// the N-API socket addon, as main.ts runs it) listens on the other end in a "machine" namespace. What the agent
// reports must be what lldpd says it announces (lldpcli -f json). A second NIC whose peer is silent shows that
// the collection gives up at its timeout with [] rather than hanging. Skips without root, lldpd or a C toolchain.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lldpLinkFields, lldpTlvsOf, parseLldp, type InventoryInterface } from '../../core/index.js';
import { connectNetns, createNetns, netnsUnavailableReason, stopChild, type Netns } from '../support/netns.js';

function missingTools(): string | undefined {
  for (const [tool, pkg] of [['lldpd', 'lldpd'], ['lldpcli', 'lldpd'], ['make', 'build-essential'], ['cc', 'build-essential']]) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (Debian package ${pkg})`;
    }
  }
  return undefined;
}

const skipReason = (await netnsUnavailableReason()) ?? missingTools();
if (skipReason !== undefined) process.stderr.write(`agent-lldp: skipped, ${skipReason}\n`);

interface Collected {
  elapsedMs: number;
  interfaces: InventoryInterface[];
}

describe.skipIf(skipReason !== undefined)('agent LLDP collection against lldpd', () => {
  let dir: string;
  let sw: Netns;
  let machine: Netns;
  let quiet: Netns;
  let lldpd: ChildProcess | undefined;
  const lldpcli = (...args: string[]): Promise<string> => sw.exec('lldpcli', ['-u', join(dir, 'lldpd.sock'), ...args]);

  /** Runs the agent's collection in the machine namespace with this timeout. */
  const collect = async (timeoutS: number): Promise<Collected> =>
    JSON.parse(await machine.exec(process.execPath, ['--import', 'tsx', 'test/support/lldp-collect-process.ts', String(timeoutS)], 60_000)) as Collected;

  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-agent-native.ts'], { stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'ferro-lldp-'));
    chmodSync(dir, 0o755); // lldpcli drops root before it connects to the control socket
    writeFileSync(join(dir, 'empty.conf'), ''); // not the host's /etc/lldpd.conf
    [sw, machine, quiet] = await Promise.all([createNetns('ferro-lldp-sw'), createNetns('ferro-lldp-m'), createNetns('ferro-lldp-q')]);
    await connectNetns({ ns: sw, ifname: 'swp1' }, { ns: machine, ifname: 'eno1' });
    lldpd = sw.spawn('lldpd', ['-d', '-u', join(dir, 'lldpd.sock'), '-I', 'swp1', '-O', join(dir, 'empty.conf')]);
    for (let i = 0; i < 100; i++) {
      if (await lldpcli('show', 'chassis').then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await lldpcli('configure', 'system', 'hostname', 'leaf-ferro-it');
    await lldpcli('configure', 'lldp', 'portidsubtype', 'ifname');
    await lldpcli('configure', 'lldp', 'tx-interval', '1');
  }, 60_000);

  afterAll(async () => {
    await stopChild(lldpd);
    await Promise.all([sw?.delete(), machine?.delete(), quiet?.delete()]);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("reports lldpd's chassis ID, port ID and system name in Ironic's inventory format, as soon as they arrive", async () => {
    const announced = JSON.parse(await lldpcli('-f', 'json', 'show', 'interfaces')) as {
      lldp: { interface: { swp1: { chassis: Record<string, { id: { type: string; value: string } }>; port: { id: { type: string; value: string } } } } };
    };
    const [systemName, chassis] = Object.entries(announced.lldp.interface.swp1.chassis)[0] ?? [];
    expect(systemName).toBe('leaf-ferro-it');
    expect(announced.lldp.interface.swp1.port.id).toEqual({ type: 'ifname', value: 'swp1' });

    const { elapsedMs, interfaces } = await collect(10);
    const eno1 = interfaces.find((i) => i.name === 'eno1');
    const tlvs = lldpTlvsOf(eno1?.lldp);
    expect(tlvs?.map(([type]) => type).slice(0, 3)).toEqual([1, 2, 3]);
    expect(tlvs?.at(-1)).toEqual([0, '']);
    const parsed = parseLldp(tlvs ?? []).fields;
    expect(parsed['switch_chassis_id']).toBe(chassis?.id.value);
    expect(parsed['switch_port_id']).toBe('swp1');
    expect(parsed['switch_system_name']).toBe('leaf-ferro-it');
    expect(lldpLinkFields(tlvs ?? [])).toEqual({ fields: { switch_id: chassis?.id.value, port_id: 'swp1', switch_info: 'leaf-ferro-it' } });
    expect(elapsedMs, 'returned once the only NIC with a link heard a frame (lldpd sends every second)').toBeLessThan(5000);
  }, 60_000);

  it('gives up at the timeout with lldp [] on a NIC whose peer sends no LLDP, keeping what the other NIC heard', async () => {
    await connectNetns({ ns: quiet, ifname: 'peer0' }, { ns: machine, ifname: 'eno2' });
    const { elapsedMs, interfaces } = await collect(2);
    expect(interfaces.map((i) => [i.name, i.has_carrier])).toEqual([['eno1', true], ['eno2', true]]);
    expect(interfaces.find((i) => i.name === 'eno2')?.lldp).toEqual([]);
    expect(interfaces.find((i) => i.name === 'eno1')?.lldp?.length).toBeGreaterThan(3);
    expect(elapsedMs).toBeGreaterThanOrEqual(1900);
    expect(elapsedMs, 'bounded by ipa-lldp-timeout, not hanging').toBeLessThan(4000);
  }, 60_000);
});
