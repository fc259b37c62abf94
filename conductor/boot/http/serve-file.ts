import { createReadStream } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseRange } from './byte-range.js';

/** Read size for file streams: large enough that a 64 MiB ramdisk is a few hundred reads, not thousands. */
const CHUNK_BYTES = 1024 * 1024;

/** Outcome of serving a file, for the caller's log line. */
export type ServeFileResult = { status: number; sizeBytes?: number };

/**
 * The file `urlPath` names below `root`, or undefined when it does not exist there. Every segment is
 * percent-decoded and refused if it is empty, `.`, `..`, or holds a NUL, a slash or a backslash; the
 * resolved real path (symlinks followed) must still lie inside the root's real path.
 */
export async function confinedPath(root: string, urlPath: string): Promise<string | undefined> {
  const segments: string[] = [];
  for (const raw of urlPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[\0/\\]/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(join(realRoot, ...segments));
    return real.startsWith(realRoot + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** A strong-enough validator: size and modification time, as nginx does. */
function entityTag(sizeBytes: number, mtimeMs: number): string {
  return `"${sizeBytes.toString(16)}-${Math.trunc(mtimeMs).toString(16)}"`;
}

function isNotModified(req: IncomingMessage, etag: string, mtime: Date): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
}

/**
 * Sends `path` (already confined) with Range (one range: 206 or 416), HEAD, conditional GET (304) and
 * validators. Kernels and ramdisks change rarely but do change in place, hence `no-cache`: clients may keep
 * a copy but revalidate it. A regular file only: anything else is 404.
 */
export async function serveFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<ServeFileResult> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch {
    return notFound(res);
  }
  try {
    const stats = await file.stat();
    if (!stats.isFile()) return notFound(res);
    const etag = entityTag(stats.size, stats.mtimeMs);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', stats.mtime.toUTCString());
    res.setHeader('Cache-Control', 'no-cache');
    if (isNotModified(req, etag, stats.mtime)) {
      res.writeHead(304).end();
      return { status: 304 };
    }
    return await sendBody(req, res, file, stats.size);
  } finally {
    await file.close();
  }
}

/** The whole file (200), one range of it (206), or 416 when the range starts past its end. */
async function sendBody(req: IncomingMessage, res: ServerResponse, file: FileHandle, size: number): Promise<ServeFileResult> {
  const answer = parseRange(req.headers.range, size);
  if (answer.kind === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${String(size)}`, 'Content-Length': '0' }).end();
    return { status: 416 };
  }
  const { start, end } = answer.kind === 'partial' ? answer.range : { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', 'Content-Length': String(length) };
  if (answer.kind === 'partial') headers['Content-Range'] = `bytes ${String(start)}-${String(end)}/${String(size)}`;
  const status = answer.kind === 'partial' ? 206 : 200;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return { status, sizeBytes: 0 };
  }
  await pipeline(createReadStream('', { fd: file, start, end, highWaterMark: CHUNK_BYTES, autoClose: false }), res);
  return { status, sizeBytes: length };
}

function notFound(res: ServerResponse): ServeFileResult {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
  return { status: 404 };
}
