import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from '../../core/index.js';

/** How to reach the Ironic API (the conductor's, or Ironic's own). */
export interface IronicApiClientOptions {
  /** Base URLs (`ipa-api-url`), tried in order on connection errors. */
  urls: readonly string[];
  /** Skip TLS verification of the API (`ipa-insecure`). */
  insecure: boolean;
  /** Sent as X-OpenStack-Request-ID when not empty (`ipa-global-request-id`). */
  globalRequestId: string;
  requestTimeoutMs: number;
  log: Logger;
}

/** One request. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Appended to the base URL, e.g. `/v1/lookup`; '' for a full callback URL given as the base. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** X-OpenStack-Ironic-API-Version. */
  version?: string;
  signal: AbortSignal;
}

/** An HTTP answer: its status and parsed JSON body (undefined when empty or not JSON). */
export interface ApiResponse {
  status: number;
  body: unknown;
  url: string;
}

/** Every URL refused or failed to connect; `causes` names each. */
export class ApiUnreachable extends Error {
  constructor(readonly causes: readonly string[]) {
    super(`no Ironic API URL answered: ${causes.join('; ')}`);
    this.name = 'ApiUnreachable';
  }
}

/** Calls the API with IPA's URL fail-over (ironic_api_client.py): the URL that answered moves to the front. */
export interface IronicApiClient {
  send(req: ApiRequest): Promise<ApiResponse>;
  /** The URLs in their current order (the first is the one that answered last). */
  urls(): readonly string[];
  close(): Promise<void>;
}

const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Creates a client; close() releases its connections. */
export function createIronicApiClient(options: IronicApiClientOptions): IronicApiClient {
  const order = [...options.urls];
  const dispatcher = new Agent({
    connect: { rejectUnauthorized: !options.insecure, timeout: Math.min(options.requestTimeoutMs, 10_000) },
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
  });

  async function send(req: ApiRequest): Promise<ApiResponse> {
    const causes: string[] = [];
    for (const base of [...order]) {
      const url = buildUrl(base, req);
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: req.method,
          dispatcher,
          signal: AbortSignal.any([req.signal, AbortSignal.timeout(options.requestTimeoutMs)]),
          headers: headers(req, options.globalRequestId),
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        });
      } catch (error) {
        req.signal.throwIfAborted();
        causes.push(`${base}: ${describe(error)}`);
        options.log.warn({ url: base, error: describe(error) }, 'Ironic API unreachable; trying the next URL');
        continue;
      }
      order.splice(order.indexOf(base), 1);
      order.unshift(base);
      return { status: response.statusCode, body: await readBody(response), url: base };
    }
    throw new ApiUnreachable(causes);
  }

  return { send, urls: () => [...order], close: () => dispatcher.close() };
}

function buildUrl(base: string, req: ApiRequest): string {
  const url = new URL(base.replace(/\/+$/, '') + req.path);
  for (const [key, value] of Object.entries(req.query ?? {})) url.searchParams.set(key, value);
  return url.toString();
}

function headers(req: ApiRequest, requestId: string): Record<string, string> {
  const out: Record<string, string> = { accept: 'application/json', 'user-agent': 'ferro-agent' };
  if (req.body !== undefined) out['content-type'] = 'application/json';
  if (req.version !== undefined) out['x-openstack-ironic-api-version'] = req.version;
  if (requestId !== '') out['x-openstack-request-id'] = requestId;
  return out;
}

async function readBody(response: Dispatcher.ResponseData): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      response.body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** A short reason for a transport failure (undici puts the errno in `cause`). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} (${error.message})` : error.message;
}
