// Ferro beside the real OpenStack Ironic, in one run, same clients, printing ratios (issue #2).
// Usage: npm run bench [-- --nodes 1000 --rss-nodes 10000]. Absolute numbers drift on this machine;
// read the ratios.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startConductor } from '../test/support/conductor-process.js';
import { loadGet, medianLatency } from './http-load.js';
import { rssMiB, startIronic } from './ironic-peer.js';
import { driveToActive, enrollNodes } from './lifecycle.js';

const { values } = parseArgs({ options: {
  nodes: { type: 'string', default: '1000' },
  'rss-nodes': { type: 'string', default: '10000' },
  concurrency: { type: 'string', default: '16' },
  'get-count': { type: 'string', default: '20000' },
} });
const NODES = Number(values.nodes);
const RSS_NODES = Number(values['rss-nodes']);
const CONCURRENCY = Number(values.concurrency);
const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78' };

interface Side { url: string; pid: () => number[]; stop: () => Promise<void> }
const rows: { figure: string; ferro: string; ironic: string; ratio: string; target: string }[] = [];
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

async function measure(name: string, side: Side): Promise<Record<string, number>> {
  console.log(`\n== ${name}: enroll ${NODES} nodes, drive to active`);
  const enrolled = await enrollNodes(side.url, NODES, CONCURRENCY, `bench-${name}`);
  const phases = await driveToActive(side.url, enrolled.uuids, CONCURRENCY, 20);
  const lifecycle = enrolled.seconds + Object.values(phases).reduce((a, b) => a + b, 0);
  console.log(`   enroll ${fmt(enrolled.seconds)} s, phases ${JSON.stringify(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, fmt(v)])))}, total ${fmt(lifecycle)} s`);
  const one = enrolled.uuids[0] ?? '';
  const get = await loadGet(side.url, `/v1/nodes/${one}`, { concurrency: CONCURRENCY, count: Number(values['get-count']), maxSeconds: 20, headers: HEADERS });
  console.log(`   GET one node: ${fmt(get.perSecond)} req/s (p50 ${fmt(get.p50Ms, 2)} ms, errors ${get.errors})`);
  const detail = await medianLatency(side.url, `/v1/nodes?detail=True&limit=${NODES}`, 15, HEADERS);
  console.log(`   GET /v1/nodes?detail=True (${NODES} nodes, ${(detail.bytes / 1e6).toFixed(2)} MB): median ${fmt(detail.medianMs, 2)} ms`);
  const rss = side.pid().reduce((a, p) => a + rssMiB(p), 0);
  console.log(`   RSS after the run: ${fmt(rss)} MiB`);
  return { lifecycle, getPerSecond: get.perSecond, detailMs: detail.medianMs, rss };
}

async function main(): Promise<void> {
  const ferroLog = join(mkdtempSync(join(tmpdir(), 'ferro-bench-')), 'conductor.log');
  const ferroProc = await startConductor({ compiled: true, logFile: ferroLog, env: { FERRO_CONDUCTOR_AUTOMATED_CLEAN: 'false', FERRO_LOG_LEVEL: 'info' } });
  const ferro = await measure('ferro', { url: ferroProc.url, pid: () => [ferroProc.child.pid ?? 0], stop: async () => { await ferroProc.stop(); } });

  const ironicPeer = await startIronic(await freePort(), mkdtempSync(join(tmpdir(), 'ironic-bench-')), { IRONIC_AUTOMATED_CLEAN: 'false' });
  let ironic: Record<string, number> | undefined;
  if (typeof ironicPeer === 'string') console.log(`\nIronic peer unavailable: ${ironicPeer}; printing Ferro figures only`);
  else {
    try { ironic = await measure('ironic', { url: ironicPeer.url, pid: ironicPeer.pids, stop: ironicPeer.stop }); }
    finally { await ironicPeer.stop(); }
  }
  const ratio = (f: number, i: number | undefined, higherIsBetter: boolean): string =>
    i === undefined ? 'n/a' : `${fmt(higherIsBetter ? f / i : i / f)}x`;
  rows.push({ figure: `${NODES} nodes enroll -> active (s)`, ferro: fmt(ferro.lifecycle ?? 0), ironic: fmt(ironic?.lifecycle ?? NaN), ratio: ratio(ferro.lifecycle ?? 0, ironic?.lifecycle, false), target: '>= 20x faster' });
  rows.push({ figure: 'GET one node (req/s)', ferro: fmt(ferro.getPerSecond ?? 0), ironic: fmt(ironic?.getPerSecond ?? NaN), ratio: ratio(ferro.getPerSecond ?? 0, ironic?.getPerSecond, true), target: '>= 20x' });
  rows.push({ figure: `GET nodes?detail=True, ${NODES} nodes (ms)`, ferro: fmt(ferro.detailMs ?? 0, 2), ironic: fmt(ironic?.detailMs ?? NaN, 2), ratio: ratio(ferro.detailMs ?? 0, ironic?.detailMs, false), target: '<= 1/10 latency' });

  console.log(`\n== ferro: RSS with ${RSS_NODES} nodes`);
  await enrollNodes(ferroProc.url, Math.max(0, RSS_NODES - NODES), CONCURRENCY, 'bench-rss');
  await medianLatency(ferroProc.url, '/v1/nodes?detail=True&limit=1000', 3, HEADERS);
  const rss = rssMiB(ferroProc.child.pid ?? 0);
  rows.push({ figure: `RSS after the ${NODES}-node run (MiB)`, ferro: fmt(ferro.rss ?? 0), ironic: fmt(ironic?.rss ?? NaN), ratio: ratio(ferro.rss ?? 0, ironic?.rss, false), target: '-' });
  rows.push({ figure: `conductor RSS, ${RSS_NODES} nodes (MiB)`, ferro: fmt(rss), ironic: 'not run', ratio: 'n/a', target: '<= 150 MB' });
  await ferroProc.stop();

  console.log('\n| figure | Ferro | Ironic | ratio | target |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.figure} | ${r.ferro} | ${r.ironic} | ${r.ratio} | ${r.target} |`);
}

await main();
