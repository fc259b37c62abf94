import type { JsonObject, JsonValue, Logger } from '../../core/index.js';
import { BmcTransport, type RawResponse } from './bmc-transport.js';
import { busyConditionOf, isTransportRetryable, type HttpMethod } from './busy-conditions.js';
import { describeMessages, decodeExtendedInfo } from './extended-info.js';
import { isObject } from './json-fields.js';
import { RedfishAuthenticator } from './redfish-authenticator.js';
import type { RedfishDriverInfo } from './redfish-driver-info.js';
import { RedfishErrorCode, RedfishHttpFailure, RedfishTransportFailure, redfishError } from './redfish-failure.js';
import type { ResolvedRedfishOptions } from './redfish-options.js';

/** What every request needs from its caller: a way to stop, and optionally a logger (DriverContext fits). */
export interface RequestContext {
  signal: AbortSignal;
  log?: Logger;
}

/** A successful answer; `body` is the JSON object sent back, if any. */
export interface RedfishResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: JsonObject | undefined;
}

/** A resource read with GET: its URI, body and the validators needed to change it. */
export interface RedfishResource {
  path: string;
  body: JsonObject;
  /** HTTP ETag header, else `@odata.etag` (DSP0266 §6.5); empty tags are dropped (sushy: `If-Match: ""` gave 412). */
  etag: string | undefined;
  /** Methods from the `Allow` header, when the BMC sends one. */
  allow: readonly string[] | undefined;
}

/** Options of one request. */
export interface SendOptions {
  body?: JsonObject;
  headers?: Record<string, string>;
  /** False for the requests that create a session (they must not need one). */
  authenticate?: boolean;
}

interface Attempts {
  transport: number;
  busy: number;
  reauthenticated: boolean;
  identityEncoding: boolean;
}

/**
 * A Redfish client for one BMC and one set of credentials: request hygiene (OData-Version, identity
 * encoding: sushy found compression turns ETags weak), authentication, bounded retries of busy answers and
 * transport errors, JSON checked at the boundary. It never caches resources except the service root: power
 * state and everything else is read fresh (npm.md §4: redfish-client cached PowerState forever).
 */
export class RedfishClient {
  readonly origin: string;
  private readonly transport: BmcTransport;
  private readonly auth: RedfishAuthenticator;
  private readonly timeoutMs: number;
  private root: JsonObject | undefined;

  constructor(info: RedfishDriverInfo, private readonly options: ResolvedRedfishOptions) {
    this.origin = info.origin;
    this.timeoutMs = info.requestTimeoutMs ?? options.requestTimeoutMs;
    this.transport = new BmcTransport(info.origin, {
      verifyCa: info.verifyCa, connectTimeoutMs: options.connectTimeoutMs, connections: options.connectionsPerBmc,
      maxBodyBytes: options.maxBodyBytes,
    });
    this.auth = new RedfishAuthenticator(info, (method, path, send, ctx) => this.send(method, path, send, ctx));
  }

  /** GETs a resource; its body must be a JSON object. */
  async get(path: string, ctx: RequestContext): Promise<RedfishResource> {
    const response = await this.send('GET', path, {}, ctx);
    if (!response.body) throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${this.origin} sent no JSON object for GET ${path}.`);
    const etag = response.headers['etag'] ?? (typeof response.body['@odata.etag'] === 'string' ? response.body['@odata.etag'] : undefined);
    const allow = response.headers['allow']?.split(',').map((m) => m.trim().toUpperCase()).filter((m) => m !== '');
    return { path, body: response.body, etag: etag === '' ? undefined : etag, allow };
  }

  /** The service root (`/redfish/v1/`), read once per client: it names the top-level collections. */
  async serviceRoot(ctx: RequestContext): Promise<JsonObject> {
    this.root ??= (await this.get('/redfish/v1/', ctx)).body;
    return this.root;
  }

  /** Sends a request; answers of 400 and more throw a DriverOperationError whose cause is a RedfishHttpFailure. */
  async send(method: HttpMethod, path: string, options: SendOptions, ctx: RequestContext): Promise<RedfishResponse> {
    const attempts: Attempts = { transport: 0, busy: 0, reauthenticated: false, identityEncoding: true };
    const authenticate = options.authenticate ?? true;
    for (;;) {
      if (authenticate) await this.auth.prepare(ctx);
      const raw = await this.sendOnce(method, path, options, attempts, authenticate, ctx);
      if (raw === 'again') continue;
      if (raw.status < 400) return this.toResponse(method, path, raw);
      if (await this.shouldRetry(method, path, raw, attempts, authenticate, ctx)) continue;
      throw this.httpError(method, path, raw);
    }
  }

  /** Logs out (DELETE of the session) and closes the connections. */
  async close(): Promise<void> {
    await this.auth.logout((method, path, send, ctx) => this.send(method, path, send, ctx), this.timeoutMs);
    await this.transport.close();
  }

  private async sendOnce(
    method: HttpMethod, path: string, options: SendOptions, attempts: Attempts, authenticate: boolean, ctx: RequestContext,
  ): Promise<RawResponse | 'again'> {
    const headers: Record<string, string> = {
      'OData-Version': '4.0', Accept: 'application/json', ...(attempts.identityEncoding ? { 'Accept-Encoding': 'identity' } : {}),
      ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...(authenticate ? this.auth.headers() : {}), ...options.headers,
    };
    try {
      const body = options.body ? JSON.stringify(options.body) : undefined;
      return await this.transport.send({ method, path, headers, timeoutMs: this.timeoutMs, signal: ctx.signal, ...(body !== undefined ? { body } : {}) });
    } catch (error) {
      if (!(error instanceof RedfishTransportFailure)) throw error;
      attempts.transport += 1;
      if (!isTransportRetryable(method, error.kind) || attempts.transport >= this.options.transportAttempts) {
        const tries = attempts.transport > 1 ? ` after ${attempts.transport} attempts` : '';
        const what = error.kind === 'timeout' ? `did not answer ${method} ${path} within ${this.timeoutMs} ms` : `could not be reached for ${method} ${path} (${error.message})`;
        throw redfishError(RedfishErrorCode.Connection, `BMC ${this.origin} ${what}${tries}.`, error);
      }
      ctx.log?.warn({ bmc: this.origin, method, path, kind: error.kind, attempt: attempts.transport }, 'redfish request failed in transport; retrying');
      await this.options.clock.sleep(this.options.retryDelayMs, ctx.signal);
      return 'again';
    }
  }

  private async shouldRetry(
    method: HttpMethod, path: string, raw: RawResponse, attempts: Attempts, authenticate: boolean, ctx: RequestContext,
  ): Promise<boolean> {
    // DSP0266 §13.3.4: an expired session answers 401; log in again once and replay (sushy connector._op).
    if ((raw.status === 401 || raw.status === 403) && authenticate && !attempts.reauthenticated) {
      attempts.reauthenticated = true;
      if (await this.auth.renew(ctx)) return true;
    }
    // Some HPE Gen10 Plus refuse identity encoding on registries (sushy): retry GET without it.
    if (raw.status === 406 && method === 'GET' && attempts.identityEncoding) {
      attempts.identityEncoding = false;
      return true;
    }
    const failure = this.failureOf(method, path, raw);
    const busy = busyConditionOf(method, failure);
    if (!busy) return false;
    attempts.busy += 1;
    if (attempts.busy >= this.options.busyAttempts) {
      throw redfishError(RedfishErrorCode.Busy, `BMC ${this.origin} stayed busy (${busy.name}, HTTP ${raw.status}) for ${method} ${path} after ${attempts.busy} attempts${suffix(failure)}.`, failure);
    }
    const waitMs = Math.min(failure.retryAfterMs ?? this.options.retryDelayMs, this.options.maxRetryAfterMs);
    ctx.log?.warn({ bmc: this.origin, method, path, status: raw.status, condition: busy.name, waitMs }, 'redfish BMC busy; retrying');
    await this.options.clock.sleep(waitMs, ctx.signal);
    return true;
  }

  private toResponse(method: HttpMethod, path: string, raw: RawResponse): RedfishResponse {
    const parsed = parseJson(raw.text);
    if (parsed === MALFORMED || (parsed !== undefined && !isObject(parsed))) {
      // Actions often answer with an empty or non-JSON body; only a read must be a JSON object.
      if (method !== 'GET') return { status: raw.status, headers: raw.headers, body: undefined };
      throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${this.origin} sent ${parsed === MALFORMED ? 'malformed JSON' : 'JSON that is not an object'} for GET ${path}.`);
    }
    return { status: raw.status, headers: raw.headers, body: parsed };
  }

  private failureOf(method: HttpMethod, path: string, raw: RawResponse): RedfishHttpFailure {
    const parsed = parseJson(raw.text);
    const messages = parsed === MALFORMED ? [] : decodeExtendedInfo(parsed);
    return new RedfishHttpFailure(method, path, raw.status, messages, retryAfterMs(raw.headers['retry-after'], this.options.clock.now()));
  }

  private httpError(method: HttpMethod, path: string, raw: RawResponse): Error {
    const failure = this.failureOf(method, path, raw);
    if (raw.status === 401) {
      return redfishError(RedfishErrorCode.CredentialsRejected, `BMC ${this.origin} rejected the credentials (HTTP 401 for ${method} ${path}); check redfish_username and redfish_password.`, failure);
    }
    return redfishError(RedfishErrorCode.Http, `BMC ${this.origin} answered HTTP ${raw.status} to ${method} ${path}${suffix(failure)}.`, failure);
  }
}

function suffix(failure: RedfishHttpFailure): string {
  const text = describeMessages(failure.messages);
  return text === '' ? '' : `: ${text}`;
}

/** Marks a body that is not JSON at all. */
const MALFORMED = Symbol('malformed JSON');

function parseJson(text: string): JsonValue | undefined | typeof MALFORMED {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return MALFORMED;
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
