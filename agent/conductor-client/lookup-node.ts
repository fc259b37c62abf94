import {
  AGENT_LOOKUP_VERSION,
  MASKED_TOKEN,
  type Clock,
  type JsonObject,
  type Logger,
  type LookupResponse,
} from '../../core/index.js';
import { ApiUnreachable, describe, type IronicApiClient } from './ironic-api-client.js';

/** What a lookup needs. */
export interface LookupOptions {
  client: IronicApiClient;
  /** MACs of all NICs. */
  addresses: readonly string[];
  /** Known from inspection (continue_inspection's answer), else undefined. */
  nodeUuid: string | undefined;
  /** Pregenerated token (`ipa-agent-token`), '' when none. */
  pregeneratedToken: string;
  timeoutMs: number;
  /** First pause; doubles up to MAX_INTERVAL_MS. */
  intervalMs: number;
  clock: Clock;
  /** U(0,1); tests pass a fixed one. */
  random(): number;
  log: Logger;
  signal: AbortSignal;
}

/** The node was found: its record, the heartbeat timeout and the token to use. */
export interface LookupResult {
  node: LookupResponse['node'];
  config: JsonObject;
  heartbeatTimeoutS: number;
  token: string;
}

/** Lookup failed for good: timed out, or the token was already handed out and none was pregenerated. */
export class LookupFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LookupFailed';
  }
}

/** IPA's lookup back-off ceiling (ironic_api_client.py: max_interval 60 s). */
const MAX_INTERVAL_MS = 60_000;

/**
 * GET /v1/lookup until the conductor knows this machine (IPA lookup_node): 404 means "not yet" (the node may
 * still be enrolling or the conductor may not have set the boot up), any other failure is retried too, with
 * randomized exponential back-off, until `timeoutMs`.
 */
export async function lookupNode(options: LookupOptions): Promise<LookupResult> {
  const deadline = options.clock.now() + options.timeoutMs;
  const query: Record<string, string> = { addresses: options.addresses.join(',') };
  if (options.nodeUuid !== undefined) query['node_uuid'] = options.nodeUuid;
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptLookup(options, query);
    if (typeof outcome !== 'string') return outcome;
    const base = Math.min(MAX_INTERVAL_MS, options.intervalMs * 2 ** Math.min(attempt, 16));
    const delayMs = Math.max(options.intervalMs, Math.round(base * (0.5 + options.random() / 2)));
    const left = deadline - options.clock.now();
    if (left <= 0)
      throw new LookupFailed(
        `lookup of ${query['addresses'] ?? ''} timed out after ${Math.round(options.timeoutMs / 1000)} s; last problem: ${outcome}`,
      );
    options.log.info(
      { attempt: attempt + 1, delay_ms: Math.min(delayMs, left), problem: outcome },
      'lookup not successful yet; retrying',
    );
    await options.clock.sleep(Math.min(delayMs, left), options.signal);
  }
}

/** One lookup: the result, or a string saying why to try again. */
async function attemptLookup(options: LookupOptions, query: Record<string, string>): Promise<LookupResult | string> {
  let response;
  try {
    response = await options.client.send({
      method: 'GET',
      path: '/v1/lookup',
      query,
      version: AGENT_LOOKUP_VERSION,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof ApiUnreachable) return error.message;
    options.signal.throwIfAborted();
    return describe(error);
  }
  if (response.status === 404) return `no node with these addresses yet (404 from ${response.url})`;
  if (response.status !== 200) return `HTTP ${response.status} from ${response.url}`;
  const result = toLookupResult(response.body, options.pregeneratedToken);
  return typeof result === 'string' ? `unusable lookup answer from ${response.url}: ${result}` : result;
}

/**
 * A lookup answer (or continue_inspection's, which has the same shape) as a LookupResult, or a string saying
 * what is wrong with it. Throws LookupFailed when the token was already handed out (see chooseToken).
 */
export function toLookupResult(body: unknown, pregeneratedToken: string): LookupResult | string {
  const parsed = parseLookupResponse(body);
  if (typeof parsed === 'string') return parsed;
  return { ...parsed, token: chooseToken(parsed.config['agent_token'], pregeneratedToken, parsed.node.uuid) };
}

/**
 * The token to use (ironic.md §5.5): the one lookup hands out, else the pregenerated one. MASKED_TOKEN means
 * another agent session (or an earlier lookup of this one) already received it; without a pregenerated
 * token this agent can never authenticate, so it stops instead of heartbeating uselessly.
 */
function chooseToken(offered: unknown, pregenerated: string, node: string): string {
  if (typeof offered === 'string' && offered !== '' && offered !== MASKED_TOKEN) return offered;
  if (pregenerated !== '') return pregenerated;
  if (offered === MASKED_TOKEN) {
    throw new LookupFailed(
      `node ${node}: the conductor already handed this node's agent token to another agent session ` +
        `(lookup returned "${MASKED_TOKEN}") and no ipa-agent-token was given; refusing to continue. Reboot the node into a fresh ramdisk.`,
    );
  }
  throw new LookupFailed(
    `node ${node}: lookup returned no agent token and no ipa-agent-token was given; Ironic requires one`,
  );
}

function parseLookupResponse(body: unknown): Omit<LookupResult, 'token'> | string {
  if (!isObject(body) || !isObject(body['node']) || !isObject(body['config'])) return 'expected {node, config}';
  const node = body['node'];
  if (typeof node['uuid'] !== 'string' || node['uuid'] === '') return 'node.uuid is missing';
  const timeout = body['config']['heartbeat_timeout'];
  const heartbeatTimeoutS = typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? timeout : 300;
  const obj = (v: unknown): JsonObject => (isObject(v) ? (v as JsonObject) : {});
  return {
    node: {
      uuid: node['uuid'],
      properties: obj(node['properties']),
      instance_info: obj(node['instance_info']),
      driver_internal_info: obj(node['driver_internal_info']),
    },
    config: body['config'] as JsonObject,
    heartbeatTimeoutS,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
