import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpImageSource, type HttpImageSourceOptions } from './http-image-source.js';
import { serveImages, type ImageServer } from './testing/serve-image.js';

const options = (): HttpImageSourceOptions => ({
  retries: 1, retryDelayMs: 1, connectTimeoutMs: 2000, readTimeoutMs: 2000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)), signal: AbortSignal.timeout(20_000),
});

async function readAll(source: HttpImageSource): Promise<Buffer> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of source.stream()) parts.push(Buffer.from(chunk));
  } finally {
    await source.close();
  }
  return Buffer.concat(parts);
}

let server: ImageServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

describe('HttpImageSource redirects', () => {
  it('follows 302s (relative and absolute Location) to the image, and reads ranges through them', async () => {
    const image = randomBytes(3 * 1024 * 1024 + 17);
    const files = { 'a.raw': { redirectTo: '/b.raw' }, 'b.raw': { redirectTo: '' }, 'image.raw': { body: image } };
    server = await serveImages(files);
    files['b.raw'].redirectTo = server.url('c/../image.raw'); // absolute, known once the port is
    const source = new HttpImageSource([server.url('a.raw')], options());
    expect((await readAll(source)).equals(image)).toBe(true);
    expect(server.requests.get('image.raw')).toHaveLength(1);
    const ranged = new HttpImageSource([server.url('a.raw')], options());
    expect((await ranged.fetchRange(1024, 16))?.equals(image.subarray(1024, 1040))).toBe(true);
    await ranged.close();
  });

  it('gives up on a redirect loop after 5 hops, naming it, and tries the next URL', async () => {
    const image = randomBytes(64 * 1024);
    server = await serveImages({ 'loop.raw': { redirectTo: '/loop.raw' }, 'good.raw': { body: image } });
    const only = new HttpImageSource([server.url('loop.raw')], options());
    await expect(readAll(only)).rejects.toThrow(/loop\.raw: more than 5 redirects/);
    expect(server.requests.get('loop.raw')).toHaveLength(6);
    const fallback = new HttpImageSource([server.url('loop.raw'), server.url('good.raw')], options());
    expect((await readAll(fallback)).equals(image)).toBe(true);
  });
});
