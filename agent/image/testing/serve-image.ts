import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How one served file behaves. */
export interface ServedFile {
  /** File on disk to serve. */
  path?: string;
  /** Or its content in memory (checksum files). */
  body?: Buffer;
  /** Answer Range requests with 206 and announce Accept-Ranges (default true). */
  range?: boolean;
  /** Answer every request with this status and no body (404, 500 …). */
  status?: number;
  /** Answer every request with 302 and this Location (relative or absolute). */
  redirectTo?: string;
  /** Send the body chunked, without Content-Length (a dynamic server or a proxy). */
  chunked?: boolean;
  /** Cut the connection after this many body bytes, for the first `cuts` responses (resume tests). */
  cutAfterBytes?: number;
  cuts?: number;
}

/** A loopback HTTP server for images (tests and bench/image-write.ts); counts requests per path. */
export interface ImageServer {
  url(name: string): string;
  requests: Map<string, Array<string | undefined>>;
  close(): Promise<void>;
}

/** Serves `files` by name on 127.0.0.1 with a random port. */
export async function serveImages(files: Record<string, ServedFile>): Promise<ImageServer> {
  const requests = new Map<string, Array<string | undefined>>();
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    requests.set(name, [...(requests.get(name) ?? []), req.headers.range]);
    const file = files[name];
    if (file === undefined) { res.writeHead(404).end('not found'); return; }
    void answer(file, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => { resolve(); }); }),
  };
}

async function answer(file: ServedFile, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (file.status !== undefined) { res.writeHead(file.status).end(); return; }
  if (file.redirectTo !== undefined) { res.writeHead(302, { location: file.redirectTo }).end(); return; }
  const size = file.body?.length ?? (await stat(file.path ?? '')).size;
  const allowRange = file.range ?? true;
  const match = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
  if (allowRange) headers['accept-ranges'] = 'bytes';
  if (allowRange && match?.[1] !== undefined) {
    start = Number(match[1]);
    end = match[2] === undefined || match[2] === '' ? size - 1 : Math.min(size - 1, Number(match[2]));
    if (start >= size) { res.writeHead(416, { 'content-range': `bytes */${size}` }).end(); return; }
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
  }
  if (file.chunked !== true) headers['content-length'] = end - start + 1; // else node:http frames it chunked
  res.writeHead(headers['content-range'] === undefined ? 200 : 206, headers);
  const cut = file.cutAfterBytes !== undefined && (file.cuts ?? 1) > 0;
  if (cut) file.cuts = (file.cuts ?? 1) - 1;
  const limit = cut ? Math.min(end, start + (file.cutAfterBytes ?? 0) - 1) : end;
  if (file.body !== undefined) {
    res.write(file.body.subarray(start, limit + 1));
    if (cut) res.destroy(); else res.end();
    return;
  }
  const stream = createReadStream(file.path ?? '', { start, end: limit, highWaterMark: 256 * 1024 });
  stream.pipe(res, { end: !cut });
  if (cut) stream.on('end', () => { setTimeout(() => res.destroy(), 20); });
}
