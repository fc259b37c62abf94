import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { HttpMethod } from './busy-conditions.js';
import { RedfishErrorCode, RedfishTransportFailure, redfishError, type TransportFailureKind } from './redfish-failure.js';

/** One HTTP request to the BMC; `path` is a URI path from the BMC's own links. */
export interface RawRequest {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** An HTTP answer, headers lower-cased. */
export interface RawResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  text: string;
}

/** TLS and connection settings of one BMC. */
export interface TransportSettings {
  /** true: system trust store; false: no verification (explicit opt-in); string: CA bundle file or directory. */
  verifyCa: boolean | string;
  connectTimeoutMs: number;
  connections: number;
  maxBodyBytes: number;
}

/**
 * HTTP to one BMC over an undici Agent: keep-alive with a small connection cap (BMC web servers are tiny),
 * every request bounded by a timeout, TLS verified unless the node opts out. sushy sends `Connection: close`
 * because some BMCs drop idle connections abruptly; we keep connections briefly and retry idempotent requests
 * on a reset instead (busy-conditions.ts).
 */
export class BmcTransport {
  private agent: Promise<Agent> | undefined;

  constructor(readonly origin: string, private readonly settings: TransportSettings) {}

  /** Resolves a link against the BMC; refuses links to other hosts (a BMC must not send us elsewhere). */
  resolve(path: string): URL {
    let url: URL;
    try {
      url = new URL(path, this.origin);
    } catch (error) {
      throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${this.origin} sent an unusable link "${path}".`, error);
    }
    if (url.origin !== this.origin) {
      throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${this.origin} sent a link to another host (${url.origin}); not followed.`);
    }
    return url;
  }

  /** Sends one request; throws RedfishTransportFailure when no answer came, the caller's abort reason when aborted. */
  async send(req: RawRequest): Promise<RawResponse> {
    const url = this.resolve(req.path);
    const dispatcher = await this.dispatcher();
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = AbortSignal.any([req.signal, timeout]);
    try {
      const response = await request(url, {
        dispatcher, method: req.method, headers: req.headers, body: req.body ?? null, signal,
        headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs,
      });
      const text = await readLimited(response.body, this.settings.maxBodyBytes);
      return { status: response.statusCode, headers: flattenHeaders(response.headers), text };
    } catch (error) {
      if (req.signal.aborted) throw req.signal.reason;
      if (timeout.aborted) throw new RedfishTransportFailure('timeout', `no answer within ${req.timeoutMs} ms`, { cause: error });
      throw new RedfishTransportFailure(classify(error), describe(error), { cause: error });
    }
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    if (agent) await (await agent.catch(() => undefined))?.close();
  }

  private dispatcher(): Promise<Agent> {
    // A failed CA read is not cached: the operator may fix the file and retry.
    this.agent ??= this.createAgent().catch((error: unknown) => {
      this.agent = undefined;
      throw error;
    });
    return this.agent;
  }

  private async createAgent(): Promise<Agent> {
    const { verifyCa } = this.settings;
    const ca = typeof verifyCa === 'string' ? await readCaBundle(this.origin, verifyCa) : undefined;
    return new Agent({
      connections: this.settings.connections,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 10_000,
      connect: { timeout: this.settings.connectTimeoutMs, rejectUnauthorized: verifyCa !== false, ...(ca ? { ca } : {}) },
    });
  }
}

/** Reads redfish_verify_ca: one PEM file, or every certificate file in a directory (as requests' `verify` does). */
async function readCaBundle(origin: string, path: string): Promise<string[]> {
  try {
    if (!(await stat(path)).isDirectory()) return [await readFile(path, 'utf8')];
    const names = (await readdir(path)).filter((n) => /\.(pem|crt|cer)$/i.test(n)).sort();
    return await Promise.all(names.map((n) => readFile(join(path, n), 'utf8')));
  } catch (error) {
    throw redfishError(RedfishErrorCode.Connection, `Cannot read the CA bundle ${path} (redfish_verify_ca) for BMC ${origin}.`, error);
  }
}

async function readLimited(body: AsyncIterable<unknown> & { destroy(): unknown }, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error(`answer larger than ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** Sorts a transport error by its `code` (undici's or the socket's), looking through `cause`. */
function classify(error: unknown): TransportFailureKind {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code === 'ECONNREFUSED') return 'refused';
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (RESET_CODES.has(code)) return 'reset';
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) return 'tls';
  }
  return 'other';
}

function describe(error: unknown): string {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${text}` : text;
}
