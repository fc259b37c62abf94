// DHCP exchanges per second, Ferro vs dnsmasq with its lease file, in the same run and with the same client
// (bench/dhcp-load-client.ts: relay mode, random MACs, 64 in flight), as held leases grow 0 -> 20,000.
// Usage (root): npm run bench:dhcp [-- --per-step 5000 --steps 4 --in-flight 64]
// Traffic stays inside two namespaces this script creates and deletes; only its own children are stopped.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ensureDhcpAddon, tsxArgs } from '../test/support/dhcp-addon.js';
import {
  connectNetns,
  createNetns,
  netnsUnavailableReason,
  stopChild,
  waitForLine,
  type Netns,
} from '../test/support/netns.js';

const { values } = parseArgs({
  options: {
    'per-step': { type: 'string', default: '5000' },
    steps: { type: 'string', default: '4' },
    'in-flight': { type: 'string', default: '64' },
    warmup: { type: 'string', default: '1000' },
    only: { type: 'string', default: '' },
  },
});
const RANGE = { first: '10.77.1.0', last: '10.77.255.250' };

interface Step {
  step: number;
  done: number;
  failed: number;
  seconds: number;
  clientCpuSeconds: number;
}

async function startFerro(ns: Netns, dir: string): Promise<ChildProcess> {
  const child = ns.spawn(process.execPath, tsxArgs('test/support/dhcp-server-process.ts'), {
    ...process.env,
    FERRO_TEST_DHCP: JSON.stringify({
      logLevel: 'warn',
      database: `sqlite://${join(dir, 'ferro.db')}`,
      dhcp: {
        interfaces: ['fd0'],
        subnets: [`10.77.0.0/16 ${RANGE.first}-${RANGE.last}`],
        allowUnknownClients: true,
        maxDynamicLeases: 1_000_000,
        maxNewClientsPerSecond: 100_000,
      },
    }),
  });
  await waitForLine(child, /DHCP READY/, 30_000);
  return child;
}

async function startDnsmasq(ns: Netns, dir: string): Promise<ChildProcess> {
  const child = ns.spawn('dnsmasq', [
    '--no-daemon',
    '--conf-file=/dev/null',
    '--port=0',
    '--interface=fd0',
    '--bind-interfaces',
    '--no-ping',
    '--quiet-dhcp',
    `--dhcp-range=${RANGE.first},${RANGE.last},255.255.0.0,3600`,
    '--dhcp-lease-max=1000000',
    `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
    `--pid-file=${join(dir, 'dnsmasq.pid')}`,
  ]);
  await waitForLine(child, /DHCP, IP range/, 10_000);
  return child;
}

async function measure(name: string, client: Netns, start: () => Promise<ChildProcess>): Promise<Step[]> {
  const server = await start();
  try {
    const out = await client.exec(
      process.execPath,
      [
        ...tsxArgs('bench/dhcp-load-client.ts'),
        '10.77.0.2',
        '10.77.0.1',
        values['per-step'],
        values.steps,
        values['in-flight'],
        values.warmup,
      ],
      1_800_000,
    );
    const steps = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Step);
    for (const s of steps)
      process.stdout.write(
        `${name} step ${s.step}: ${s.done} ok, ${s.failed} failed, ${(s.done / s.seconds).toFixed(0)}/s (client CPU ${((100 * s.clientCpuSeconds) / s.seconds).toFixed(0)} %)\n`,
      );
    return steps;
  } finally {
    await stopChild(server);
  }
}

const reason = await netnsUnavailableReason();
if (reason !== undefined) throw new Error(`bench:dhcp ${reason}`);
ensureDhcpAddon();
const dir = mkdtempSync(join(tmpdir(), 'ferro-dhcp-bench-'));
const [server, client] = await Promise.all([createNetns('ferro-dhcp-bs'), createNetns('ferro-dhcp-bc')]);
try {
  await connectNetns(
    { ns: server, ifname: 'fd0', address: '10.77.0.1/16' },
    { ns: client, ifname: 'fc0', address: '10.77.0.2/16' },
  );
  const ferro = await measure('ferro', client, () => startFerro(server, dir));
  const dnsmasq = values.only === 'ferro' ? [] : await measure('dnsmasq', client, () => startDnsmasq(server, dir));
  const per = Number(values['per-step']);
  // Both servers must hold exactly the leases the steps created (warm-up leases were released).
  const db = new Database(join(dir, 'ferro.db'), { readonly: true });
  const ferroHeld = (db.prepare('SELECT COUNT(*) AS n FROM dhcp_leases').get() as { n: number }).n;
  db.close();
  const dnsmasqHeld =
    dnsmasq.length === 0
      ? 0
      : readFileSync(join(dir, 'dnsmasq.leases'), 'utf8')
          .split('\n')
          .filter((l) => l !== '').length;
  process.stdout.write(`leases held at the end: ferro ${ferroHeld}, dnsmasq ${dnsmasqHeld}\n`);
  const rate = (s: Step | undefined): number => (s === undefined ? 0 : s.done / s.seconds);
  process.stdout.write(
    '\n| leases already held | Ferro (SQLite) exchanges/s | dnsmasq (lease file) exchanges/s | ratio |\n|---|---|---|---|\n',
  );
  ferro.forEach((f, i) => {
    const d = dnsmasq[i];
    process.stdout.write(
      `| ${(i * per) / 1000}k-${((i + 1) * per) / 1000}k | ${rate(f).toFixed(0)} (${f.failed} failed) | ${rate(d).toFixed(0)} (${d?.failed ?? 0} failed) | ${d === undefined ? '-' : `${(rate(f) / rate(d)).toFixed(1)}x`} |\n`,
    );
  });
} finally {
  await Promise.all([server.delete(), client.delete()]);
  rmSync(dir, { recursive: true, force: true });
}
