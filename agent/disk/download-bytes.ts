import { request } from 'undici';

/** Fetches `url` into memory, refusing bodies over `maxBytes`; for small artefacts such as firmware images. */
export type DownloadBytes = (url: string, maxBytes: number, signal: AbortSignal) => Promise<Buffer>;

/** undici GET with a size cap: an image larger than the flash is refused before it is all in memory. */
export const downloadBytes: DownloadBytes = async (url, maxBytes, signal) => {
  const response = await request(url, { method: 'GET', signal, headersTimeout: 60_000, bodyTimeout: 60_000 });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`GET ${url} answered HTTP ${response.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      response.body.destroy();
      throw new Error(`GET ${url}: the image is larger than ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
};
