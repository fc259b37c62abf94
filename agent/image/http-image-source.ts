import { Agent, request, type Dispatcher } from 'undici';
import { ImageDownloadError } from '../../core/index.js';

/** The slice of WriteImageOptions a download needs. */
export interface HttpImageSourceOptions {
  retries: number;
  retryDelayMs: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  signal: AbortSignal;
}

type Response = Dispatcher.ResponseData;

/** A socket error, a timeout or a 5xx/408/429: worth another attempt (IPA retries connection errors). */
class Retryable extends Error {}

/** An answer that another attempt at the same URL will not change (404, a wrong Content-Range …). */
class Refused extends Error {}

/** Socket-level failures another attempt may cure (undici codes and errno names). */
const TRANSIENT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH',
  'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND',
]);

/** An image behind one or more URLs, tried in order (IPA image_info.urls), read with retries and Range resume. */
export class HttpImageSource {
  /** Length of the image file, once the first response told it (Content-Length or Content-Range total). */
  sizeBytes: number | undefined;
  /** The server announced `Accept-Ranges: bytes` or answered a Range request with 206. */
  rangeSupported = false;
  private readonly agent: Agent;
  private url: string;
  private etag: string | undefined;

  constructor(private readonly urls: readonly string[], private readonly options: HttpImageSourceOptions) {
    if (urls.length === 0) throw new ImageDownloadError('image_info has no URL to download the image from');
    this.url = urls[0] ?? '';
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.readTimeoutMs,
      bodyTimeout: options.readTimeoutMs,
    });
  }

  /** Closes every connection, including one whose body nobody will read any more (after a failure). */
  async close(): Promise<void> {
    await this.agent.destroy();
  }

  /**
   * The image's bytes from the first byte to the last. A connection cut or timeout resumes at the current
   * offset with a Range request (or re-reads and discards when the server ignores Range); after `retries`
   * failed attempts without progress the next URL continues from the same offset. Throws ImageDownloadError
   * naming every URL and what it answered.
   */
  async *stream(): AsyncGenerator<Buffer, void, undefined> {
    const offset = { value: 0 };
    const failures: string[] = [];
    for (const url of this.urls) {
      this.url = url;
      const failure = yield* this.streamFrom(url, offset);
      if (failure === undefined) return;
      failures.push(failure);
    }
    throw new ImageDownloadError(`Failed to download the image: ${failures.join('; ')}`);
  }

  /** Reads `url` from offset.value to the end; returns why it gave up, or undefined when complete. */
  private async *streamFrom(url: string, offset: { value: number }): AsyncGenerator<Buffer, string | undefined, undefined> {
    const { retries } = this.options;
    let failures = 0;
    for (let attempt = 0; attempt <= retries * 10; attempt++) {
      let response: Response | undefined;
      try {
        response = await this.get(url, offset.value > 0 ? offset.value : undefined);
        let skip = this.acceptResume(response, offset.value);
        for await (const chunk of response.body as AsyncIterable<Buffer>) {
          const data = skip > 0 ? chunk.subarray(Math.min(skip, chunk.length)) : chunk;
          skip -= chunk.length - data.length;
          if (data.length === 0) continue;
          offset.value += data.length;
          failures = 0; // progress: the budget is for consecutive failures
          yield data;
        }
        if (this.sizeBytes !== undefined && offset.value < this.sizeBytes) {
          throw new Retryable(`connection closed at byte ${offset.value} of ${this.sizeBytes}`);
        }
        return undefined;
      } catch (error) {
        this.options.signal.throwIfAborted();
        if (!isTransient(error)) return `${redact(url)}: ${describe(error)}`;
        if (++failures > retries) return `${redact(url)}: ${describe(error)} (${failures} attempts)`;
        await this.options.sleep(this.options.retryDelayMs, this.options.signal);
      } finally {
        if (response !== undefined) discard(response);
      }
    }
    return `${redact(url)}: too many attempts`;
  }

  /** Checks a (resumed) response and returns how many leading bytes to discard. */
  private acceptResume(response: Response, offset: number): number {
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
      let response: Response | undefined;
      try {
        response = await this.get(this.url, start, start + length - 1);
        if (response.statusCode === 200) return undefined;
        if (response.statusCode !== 206) throw new Refused(`Range request answered HTTP ${response.statusCode}`);
        const data = Buffer.from(await response.body.arrayBuffer());
        if (data.length !== length && (this.sizeBytes === undefined || start + data.length < this.sizeBytes)) {
          throw new Retryable(`short Range response: ${data.length} of ${length} bytes at ${start}`);
        }
        return data;
      } catch (error) {
        this.options.signal.throwIfAborted();
        const attempts = isTransient(error) ? ` (${failures + 1} attempts)` : '';
        if (attempts === '' || failures >= this.options.retries) {
          throw new ImageDownloadError(`Failed to read the image header/tables: ${redact(this.url)}: ${describe(error)}${attempts}`, { cause: error });
        }
        await this.options.sleep(this.options.retryDelayMs, this.options.signal);
      } finally {
        if (response !== undefined) discard(response);
      }
    }
  }

  /** One GET; an HTTP error becomes Refused (or Retryable for 5xx, 408, 429). */
  private async get(url: string, from?: number, to?: number): Promise<Response> {
    const headers: Record<string, string> = {};
    if (from !== undefined) headers.range = `bytes=${from}-${to ?? ''}`;
    const response = await request(url, { method: 'GET', headers, dispatcher: this.agent, signal: this.options.signal });
    const status = response.statusCode;
    if (status === 200 || status === 206) return response;
    discard(response);
    const message = `HTTP ${status}${STATUS_TEXT[status] === undefined ? '' : ` ${STATUS_TEXT[status]}`}`;
    if (status >= 500 || status === 408 || status === 429) throw new Retryable(message);
    throw new Refused(message);
  }
}

/** Downloads a small text file (a checksum file), at most `maxBytes`; errors name the URL and status. */
export async function fetchText(url: string, options: HttpImageSourceOptions, maxBytes = 1024 * 1024): Promise<string> {
  const source = new HttpImageSource([url], options);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source.stream()) {
      size += chunk.length;
      if (size > maxBytes) throw new ImageDownloadError(`${redact(url)}: checksum file larger than ${maxBytes} bytes`);
      parts.push(chunk);
    }
  } finally {
    await source.close();
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Closes a body we will not read; undici then emits an abort error that nobody needs to hear. */
function discard(response: Response): void {
  response.body.on('error', () => undefined);
  response.body.destroy();
}

function header(response: Response, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 416: 'Range Not Satisfiable' };

function isTransient(error: unknown): boolean {
  if (error instanceof Retryable) return true;
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
