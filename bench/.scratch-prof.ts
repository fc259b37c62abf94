import { readFileSync } from 'node:fs';
import { writeImage } from '../agent/image/write-image.js';
const dir = '/tmp/imgprof';
const file = process.argv[2] ?? 'random.raw';
const target = process.argv[3] ?? '/tmp/imgprof/target.img';
const sums = Object.fromEntries(readFileSync(`${dir}/sums`, 'utf8').trim().split('\n').map((l) => { const [h, n] = l.split(/\s+/); return [n, h]; }));
const server = { url: (n: string) => `${process.env.BASE}${n}`, close: async () => undefined };
for (let i = 0; i < Number(process.argv[4] ?? 3); i++) {
  const t = performance.now();
  const r = await writeImage({ urls: [server.url(file)], os_hash_algo: 'sha256', os_hash_value: sums[file] }, target, { node: {}, ports: [], signal: new AbortController().signal, progress: () => undefined } as never, JSON.parse(process.env.OPTS ?? "{}"));
  const s = (performance.now() - t) / 1000;
  console.log(file, target, s.toFixed(3), 's', (512 * 1.048576 / s).toFixed(0), 'MB/s', r.bytesSkipped);
}
await server.close();
