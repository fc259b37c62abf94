// HTTP boot server (issue #4): ramdisk throughput and iPXE script rate of the compiled conductor's boot server,
// beside python3 -m http.server serving the same file. Usage: npm run bench:http-boot [-- --size-mib 64]
// Every loop is bounded; only processes this script started are stopped, by PID; traffic stays on loopback.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../conductor/persistence/index.js';
import { systemClock } from '../core/index.js';
import { api } from '../test/support/api-client.js';
import { freePort, startConductor, type ConductorProcess } from '../test/support/conductor-process.js';
import { medianThroughput, parallelThroughput, startPythonHttpServer, type ReferenceServer } from './http-boot-clients.js';
import { loadGet, type LoadResult } from './http-load.js';

const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '64' },
    rounds: { type: 'string', default: '5' },
    parallel: { type: 'string', default: '8' },
    scripts: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
  },
});
const SIZE_MIB = Number(values['size-mib']);
const ROUNDS = Number(values.rounds);
const PARALLEL = Number(values.parallel);
const MAC = '52:54:00:6c:ab:01';

async function enrollDeployingNode(conductor: ConductorProcess, dataDir: string): Promise<void> {
  const node = await api<{ uuid: string }>(conductor.url, 'POST', '/v1/nodes', {
    driver: 'fake-hardware', driver_info: { deploy_kernel: 'ipa/k', deploy_ramdisk: 'ipa/ramdisk', kernel_append_params: 'console=ttyS0' },
  });
  await api(conductor.url, 'POST', '/v1/ports', { address: MAC, node_uuid: node.body.uuid });
  const store = await openStore(`sqlite://${join(dataDir, 'ferro.db')}`, { clock: systemClock });
  const record = await store.nodes.get(node.body.uuid);
  await store.nodes.update(node.body.uuid, record?.version ?? 0, { provision_state: 'wait call-back' });
  await store.close();
}

const rate = (r: LoadResult): string => `${r.perSecond.toFixed(0)}/s (p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${String(r.errors)} errors)`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ferro-bench-http-boot-'));
  const images = join(dir, 'images');
  mkdirSync(join(images, 'ipa'), { recursive: true });
  writeFileSync(join(images, 'ipa', 'ramdisk'), randomBytes(SIZE_MIB * 1024 * 1024));
  writeFileSync(join(images, 'script.ipxe'), '#!ipxe\n'.padEnd(1400, '#')); // a static file the size of a node script
  const bootPort = await freePort();
  let conductor: ConductorProcess | undefined;
  let reference: ReferenceServer | undefined;
  try {
    conductor = await startConductor({
      compiled: true, dataDir: join(dir, 'data'),
      env: {
        FERRO_HTTP_BOOT_ENABLED: 'true', FERRO_HTTP_BOOT_HOST: '127.0.0.1', FERRO_HTTP_BOOT_PORT: String(bootPort),
        FERRO_HTTP_BOOT_IMAGE_ROOT: images, FERRO_HTTP_BOOT_PEER_URLS: 'http://127.0.0.2:8088', FERRO_LOG_LEVEL: 'warn',
      },
    });
    await enrollDeployingNode(conductor, join(dir, 'data'));
    reference = await startPythonHttpServer(images, await freePort());
    const ferro = `http://127.0.0.1:${String(bootPort)}`;
    const rows: string[][] = [];
    const fMB = await medianThroughput(`${ferro}/images/ipa/ramdisk`, ROUNDS);
    const pMB = await medianThroughput(`${reference.url}/ipa/ramdisk`, ROUNDS);
    rows.push([`${String(SIZE_MIB)} MiB ramdisk, one client (median of ${String(ROUNDS)}, curl)`, `${fMB.toFixed(0)} MB/s`, `${pMB.toFixed(0)} MB/s`, (fMB / pMB).toFixed(2)]);
    const fPar = await parallelThroughput(`${ferro}/images/ipa/ramdisk`, PARALLEL);
    const pPar = await parallelThroughput(`${reference.url}/ipa/ramdisk`, PARALLEL);
    rows.push([`${String(SIZE_MIB)} MiB ramdisk, ${String(PARALLEL)} clients at once (aggregate)`, `${fPar.toFixed(0)} MB/s`, `${pPar.toFixed(0)} MB/s`, (fPar / pPar).toFixed(2)]);
    const load = { concurrency: Number(values.concurrency), count: Number(values.scripts), maxSeconds: 60, headers: {} };
    const script = await loadGet(ferro, `/ipxe/${MAC.replaceAll(':', '-')}`, load);
    const entry = await loadGet(ferro, '/boot.ipxe', load);
    const staticScript = await loadGet(reference.url, '/script.ipxe', load);
    rows.push(['per-node iPXE script from the database (Ferro) vs a static file (python)', rate(script), rate(staticScript), (script.perSecond / staticScript.perSecond).toFixed(2)]);
    rows.push(['boot.ipxe', rate(entry), '', '']);
    // HTTP boot has its own listener; this shows what an API load on the same process does to script latency.
    const [underLoad] = await Promise.all([loadGet(ferro, `/ipxe/${MAC.replaceAll(':', '-')}`, load), loadGet(conductor.url, '/v1/nodes', { ...load, headers: { 'X-OpenStack-Ironic-API-Version': '1.89' } })]);
    rows.push(['per-node script while 16 clients load GET /v1/nodes', rate(underLoad), '', '']);
    console.log(`\n| measurement | Ferro | python3 http.server | ratio |\n| --- | --- | --- | --- |\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
  } finally {
    await reference?.stop();
    await conductor?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
