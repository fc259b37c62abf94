import { readFileSync } from 'node:fs';
import { writeImage } from '../agent/image/write-image.js';
const dir = '/tmp/imgprof';
const [file = 'random.raw', target = '', roundsText = '3', ...variants] = process.argv.slice(2);
const sums = Object.fromEntries(readFileSync(`${dir}/sums`, 'utf8').trim().split('\n').map((l) => { const [h, n] = l.split(/\s+/); return [n, h]; }));
const times = new Map<string, number[]>();
const cpu = new Map<string, number[]>();
for (let i = 0; i < Number(roundsText); i++) {
  for (const v of i % 2 ? [...variants].reverse() : variants) {
    const t = performance.now(); const c0 = process.cpuUsage();
    await writeImage({ urls: [`${process.env.BASE}${file}`], os_hash_algo: 'sha256', os_hash_value: sums[file] }, target, { node: {}, ports: [], signal: new AbortController().signal, progress: () => undefined } as never, JSON.parse(v));
    const c = process.cpuUsage(c0); cpu.set(v, [...(cpu.get(v) ?? []), (c.user + c.system) / 1e6]);
    times.set(v, [...(times.get(v) ?? []), (performance.now() - t) / 1000]);
  }
}
for (const [v, ts] of times) console.log(v.padEnd(50), ts.map((s) => (536.870912 / s).toFixed(0)).join(' '), 'best', (536.870912 / Math.min(...ts)).toFixed(0), 'cpu s', (cpu.get(v) ?? []).map((x) => x.toFixed(2)).join(' '));
