// The image server of bench/image-write.ts, in its own process so that serving does not share the event loop
// (or the CPU accounting) with the writer being measured. Prints its base URL on stdout.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveImages } from '../agent/image/testing/serve-image.js';

const dir = process.argv[2] ?? '.';
const server = await serveImages(Object.fromEntries(readdirSync(dir).map((name) => [name, { path: join(dir, name) }])));
process.stdout.write(`${server.url('')}\n`);
process.on('SIGTERM', () => { void server.close().then(() => process.exit(0)); });
