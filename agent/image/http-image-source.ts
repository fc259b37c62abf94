import { ImageDownloadError } from '../../core/index.js';
import { HttpProtocolError } from './chunked-decoder.js';
import { HttpConnectionError, httpGet, type BodySink, type HttpResponse } from './http-get.js';
import { SlotFiller } from './slot-filler.js';
import { SlotPool } from './slot-pool.js';

/** The slice of WriteImageOptions a download needs. */
export interface HttpImageSourceOptions {
  retries: number;
  retryDelayMs: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  signal: AbortSignal;
}

/** A socket error, a timeout or a 5xx/408/429: worth another attempt (IPA retries connection errors). */
class Retryable extends Error {}

/** An answer that another attempt at the same URL will not change (404, a wrong Content-Range …). */
class Refused extends Error {}

/** Socket-level failures another attempt may cure (errno names). */
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * An image behind one or more URLs, tried in order (IPA image_info.urls), read with retries and Range resume.
 * The body is read into the slots of `pool` (see SlotFiller), which the hash worker and the writer then use
 * where they lie.
 */
export class HttpImageSource {
  /** Length of the image file, once the first response told it (Content-Length or Content-Range total). */
  sizeBytes: number | undefined;
  /** The server announced `Accept-Ranges: bytes` or answered a Range request with 206. */
  rangeSupported = false;
  private url: string;
  private etag: string | undefined;
  /** Stops every request under way when the source is closed. */
  private readonly closing = new AbortController();
  private readonly signal: AbortSignal;

  constructor(private readonly urls: readonly string[], private readonly options: HttpImageSourceOptions, readonly pool = new SlotPool(8, 4 * 1024 * 1024)) {
    if (urls.length === 0) throw new ImageDownloadError('image_info has no URL to download the image from');
    this.url = urls[0] ?? '';
    this.signal = AbortSignal.any([options.signal, this.closing.signal]);
  }

  /** Stops every request still under way. */
  close(): Promise<void> {
    this.closing.abort(new Error('the image source was closed'));
    return Promise.resolve();
  }

  /**
   * The image's bytes from the first byte to the last, in `pool` slots (valid until the next one is asked for;
   * retain them in the pool to keep them longer). A connection cut or timeout resumes at the current offset
   * with a Range request (or re-reads and discards when the server ignores Range); after `retries` failed
   * attempts without progress the next URL continues from the same offset. Throws ImageDownloadError naming
   * every URL and what it answered.
   */
  async *stream(): AsyncGenerator<Buffer, void, undefined> {
    const filler = new SlotFiller(this.pool);
    const stop = new AbortController();
    const signal = AbortSignal.any([this.signal, stop.signal]);
    const pump = this.download(filler, signal).then(() => { filler.end(); }, (error: unknown) => { filler.fail(error instanceof Error ? error : new Error(String(error))); });
    try {
      yield* filler.chunks();
    } finally {
      stop.abort(new Error('the reader stopped'));
      await pump;
    }
  }

  /** Tries the URLs in order until one delivers the rest of the image. */
  private async download(filler: SlotFiller, signal: AbortSignal): Promise<void> {
    const failures: string[] = [];
    for (const url of this.urls) {
      this.url = url;
      const failure = await this.downloadFrom(url, filler, signal);
      if (failure === undefined) return;
      failures.push(failure);
    }
    throw new ImageDownloadError(`Failed to download the image: ${failures.join('; ')}`);
  }

  /** Reads `url` from filler.received to the end; returns why it gave up, or undefined when complete. */
  private async downloadFrom(url: string, filler: SlotFiller, signal: AbortSignal): Promise<string | undefined> {
    const { retries } = this.options;
    let failures = 0;
    for (let attempt = 0; attempt <= retries * 10; attempt++) {
      let response: HttpResponse | undefined;
      const offset = filler.received;
      try {
        response = await this.get(url, signal, offset > 0 ? { from: offset } : undefined);
        await response.readBody(filler, this.acceptResume(response, offset));
        if (this.sizeBytes !== undefined && filler.received < this.sizeBytes) {
          throw new Retryable(`connection closed at byte ${filler.received} of ${this.sizeBytes}`);
        }
        return undefined;
      } catch (error) {
        signal.throwIfAborted();
        if (filler.received > offset) failures = 0; // progress: the budget is for consecutive failures
        if (!isTransient(error)) return `${redact(url)}: ${describe(error)}`;
        if (++failures > retries) return `${redact(url)}: ${describe(error)} (${failures} attempts)`;
        await this.options.sleep(this.options.retryDelayMs, signal);
      } finally {
        response?.close();
      }
    }
    return `${redact(url)}: too many attempts`;
  }

  /** Checks a (resumed) response and returns how many leading bytes to discard. */
  private acceptResume(response: HttpResponse, offset: number): number {
    const etag = header(response, 'etag');
    if (this.etag !== undefined && etag !== undefined && etag !== this.etag) {
      throw new Refused(`the image changed during the download (ETag ${this.etag} -> ${etag})`);
    }
    this.etag ??= etag;
    if (response.statusCode === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(response, 'content-range') ?? '');
      if (range?.[1] === undefined || Number(range[1]) !== offset) {
        throw new Refused(`asked for bytes from ${offset}, got Content-Range ${header(response, 'content-range') ?? '(none)'}`);
      }
      this.rangeSupported = true;
      if (range[3] !== undefined && range[3] !== '*') this.sizeBytes = Number(range[3]);
      return 0;
    }
    const length = header(response, 'content-length');
    if (length !== undefined && /^\d+$/.test(length)) this.sizeBytes = Number(length);
    if (header(response, 'accept-ranges') === 'bytes') this.rangeSupported = true;
    return offset; // 200 to a Range request: the server starts over; skip what we already have
  }

  /**
   * `length` bytes at `start` through a Range request (qcow2 tables), or undefined when the server answers
   * 200 (no Range support). Retried like the stream.
   */
  async fetchRange(start: number, length: number): Promise<Buffer | undefined> {
    for (let failures = 0; ; failures++) {
      let response: HttpResponse | undefined;
      try {
        response = await this.get(this.url, this.signal, { from: start, to: start + length - 1 });
        if (response.statusCode === 200) return undefined;
        if (response.statusCode !== 206) throw new Refused(`Range request answered HTTP ${response.statusCode}`);
        const sink = new BufferSink(length);
        await response.readBody(sink);
        const data = sink.data();
        if (data.length !== length && (this.sizeBytes === undefined || start + data.length < this.sizeBytes)) {
          throw new Retryable(`short Range response: ${data.length} of ${length} bytes at ${start}`);
        }
        return data;
      } catch (error) {
        this.signal.throwIfAborted();
        const attempts = isTransient(error) ? ` (${failures + 1} attempts)` : '';
        if (attempts === '' || failures >= this.options.retries) {
          throw new ImageDownloadError(`Failed to read the image header/tables: ${redact(this.url)}: ${describe(error)}${attempts}`, { cause: error });
        }
        await this.options.sleep(this.options.retryDelayMs, this.signal);
      } finally {
        response?.close();
      }
    }
  }

  /**
   * One GET, following up to MAX_REDIRECTS redirects (IPA's requests does; object stores and artifact servers
   * answer with 302/307 to a signed URL); an HTTP error becomes Refused (or Retryable for 5xx, 408, 429).
   */
  private async get(url: string, signal: AbortSignal, range?: { from: number; to?: number }): Promise<HttpResponse> {
    const { connectTimeoutMs, readTimeoutMs } = this.options;
    let target = new URL(url);
    for (let hops = 0; ; hops++) {
      const response = await httpGet(target, { connectTimeoutMs, readTimeoutMs, signal, ...(range === undefined ? {} : { range }) });
      const status = response.statusCode;
      if (status === 200 || status === 206) return response;
      const location = REDIRECT_STATUSES.has(status) ? header(response, 'location') : undefined;
      response.close();
      if (location !== undefined) {
        if (hops >= MAX_REDIRECTS) throw new Refused(`more than ${MAX_REDIRECTS} redirects (last to ${redact(new URL(location, target).href)})`);
        target = new URL(location, target);
        if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Refused(`redirected to a ${target.protocol} URL`);
        continue;
      }
      const message = `HTTP ${status}${STATUS_TEXT[status] === undefined ? '' : ` ${STATUS_TEXT[status]}`}`;
      if (status >= 500 || status === 408 || status === 429) throw new Retryable(message);
      throw new Refused(message);
    }
  }
}

/** Collects a small body (a Range read, a checksum file) into one buffer of known size; extra bytes are dropped. */
class BufferSink implements BodySink {
  private readonly buffer: Buffer;
  private readonly scratch = Buffer.allocUnsafe(16 * 1024);
  private filled = 0;
  private lastSpace: Buffer | undefined;

  constructor(capacityBytes: number) {
    this.buffer = Buffer.alloc(capacityBytes);
  }

  space(): Buffer {
    this.lastSpace = this.filled < this.buffer.length ? this.buffer.subarray(this.filled) : this.scratch;
    return this.lastSpace;
  }

  commit(bytes: number): boolean {
    if (this.lastSpace !== this.scratch) this.filled += bytes;
    return true;
  }

  put(bytes: Buffer): boolean {
    this.filled += bytes.copy(this.buffer, this.filled);
    return true;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  /** What arrived. */
  data(): Buffer {
    return this.buffer.subarray(0, this.filled);
  }
}

/** Downloads a small text file (a checksum file), at most `maxBytes`; errors name the URL and status. */
export async function fetchText(url: string, options: HttpImageSourceOptions, maxBytes = 1024 * 1024): Promise<string> {
  const source = new HttpImageSource([url], options, new SlotPool(2, 64 * 1024));
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source.stream()) {
      size += chunk.length;
      if (size > maxBytes) throw new ImageDownloadError(`${redact(url)}: checksum file larger than ${maxBytes} bytes`);
      parts.push(Buffer.from(chunk)); // the slot is reused after the next chunk
    }
  } finally {
    await source.close();
  }
  return Buffer.concat(parts).toString('utf8');
}

function header(response: HttpResponse, name: string): string | undefined {
  return response.headers.get(name);
}

/** Redirects followed for a GET (RFC 9110 §15.4; 300 and 304 are not redirects to follow here). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** requests' default is 30; five is plenty for a signed-URL hop and stops loops quickly. */
const MAX_REDIRECTS = 5;

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 416: 'Range Not Satisfiable' };

function isTransient(error: unknown): boolean {
  if (error instanceof Retryable || error instanceof HttpConnectionError) return true;
  if (error instanceof HttpProtocolError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

/** A URL for messages: no user:password, no query (Swift temp URLs carry their signature there). */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    const query = parsed.search === '' ? '' : '?…';
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
  } catch {
    return '(invalid URL)';
  }
}
