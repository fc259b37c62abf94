import {
  AgentCertificateMismatch, AgentCommandFailed, AgentConnectionFailed, AgentInProgress, AgentTokenRejected,
  type AgentCommandResult, type AgentCommandStatus, type JsonObject, type JsonValue,
} from '../../core/index.js';
import { request } from 'undici';
import type { AgentEndpoint } from './agent-endpoint.js';
import { PinnedCertificateMismatch, agentDispatcher } from './agent-tls.js';

/** The client's settings ([agent]command_timeout in Ironic). */
export interface AgentClientOptions {
  /** How long one request to the agent may take (Ironic: 60 s). */
  commandTimeoutMs: number;
  /** Largest response body accepted (system logs are the big one). */
  maxResponseBytes: number;
}

const STATUSES: readonly AgentCommandStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CLEAN_VERSION_MISMATCH'];

/**
 * The conductor's side of IPA's command API (ironic/drivers/modules/agent_client.py): commands are posted to
 * `{agent_url}/v1/commands/` with the agent token as a query parameter, and their state is read back from
 * the command list. Every failure becomes a typed error naming the node and command; the token appears in
 * no message and no log line.
 */
export class AgentClient {
  constructor(private readonly options: AgentClientOptions) {}

  /** Starts `name` (`<extension>.<command>`); `wait` makes the agent answer only when it finished (sync steps). */
  async command(endpoint: AgentEndpoint, name: string, params: JsonObject, options: { wait: boolean; signal: AbortSignal }): Promise<AgentCommandResult> {
    const query = `?wait=${String(options.wait)}&agent_token=${encodeURIComponent(endpoint.token)}`;
    const body = await this.send(endpoint, name, 'POST', `/v1/commands/${query}`, { name, params }, options.signal);
    return parseCommand(endpoint, name, body);
  }

  /** Every command the agent ran in this boot, oldest first (GET /v1/commands/). */
  async listCommands(endpoint: AgentEndpoint, signal: AbortSignal): Promise<AgentCommandResult[]> {
    const body = await this.send(endpoint, 'list commands', 'GET', `/v1/commands/?agent_token=${encodeURIComponent(endpoint.token)}`, undefined, signal);
    const list = isObject(body) ? body['commands'] : undefined;
    if (!Array.isArray(list)) throw new AgentCommandFailed(endpoint.nodeUuid, 'list commands', 'the agent answered without a "commands" list.');
    return list.map((c) => parseCommand(endpoint, 'list commands', c));
  }

  private async send(endpoint: AgentEndpoint, name: string, method: 'GET' | 'POST', path: string, body: JsonObject | undefined, signal: AbortSignal): Promise<JsonValue> {
    const dispatcher = agentDispatcher(endpoint, this.options.commandTimeoutMs);
    try {
      const response = await request(`${endpoint.url}${path}`, {
        method, dispatcher, signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.commandTimeoutMs)]),
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await readLimited(response.body, this.options.maxResponseBytes, endpoint, name);
      const parsed = parseJson(text);
      if (response.statusCode >= 200 && response.statusCode < 300) {
        if (parsed === undefined) throw new AgentCommandFailed(endpoint.nodeUuid, name, 'the agent answered with a body that is not JSON.');
        return parsed;
      }
      throw httpError(endpoint, name, response.statusCode, parsed);
    } catch (error) {
      throw asAgentError(endpoint, error);
    } finally {
      await dispatcher.destroy().catch(() => undefined);
    }
  }
}

/** IPA's error body `{faultcode, faultstring}` (or anything) -> our typed error for `status`. */
function httpError(endpoint: AgentEndpoint, name: string, status: number, body: JsonValue | undefined): Error {
  const fault = isObject(body) && typeof body['faultstring'] === 'string' ? body['faultstring'] : `HTTP ${status}`;
  if (status === 401) return new AgentTokenRejected(endpoint.nodeUuid);
  if (status === 409) return new AgentInProgress(endpoint.nodeUuid, name, fault);
  return new AgentCommandFailed(endpoint.nodeUuid, name, `the agent answered HTTP ${status}: ${fault}`);
}

function asAgentError(endpoint: AgentEndpoint, error: unknown): Error {
  if (error instanceof AgentCommandFailed || error instanceof AgentTokenRejected || error instanceof AgentInProgress) return error;
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    if (cause instanceof PinnedCertificateMismatch) return new AgentCertificateMismatch(endpoint.nodeUuid, { cause: error });
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AgentConnectionFailed(endpoint.nodeUuid, `${endpoint.url}: ${reason}`, { cause: error });
}

async function readLimited(body: AsyncIterable<Buffer | Uint8Array>, maxBytes: number, endpoint: AgentEndpoint, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new AgentCommandFailed(endpoint.nodeUuid, name, `the agent's answer is larger than ${maxBytes} bytes.`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one command result's shape (the agent is a peer we validate like any request body). */
function parseCommand(endpoint: AgentEndpoint, name: string, value: JsonValue): AgentCommandResult {
  if (!isObject(value) || typeof value['command_name'] !== 'string' || !STATUSES.includes(value['command_status'] as AgentCommandStatus)) {
    throw new AgentCommandFailed(endpoint.nodeUuid, name, 'the agent answered with a malformed command result.');
  }
  const error = value['command_error'];
  const result = value['command_result'];
  return {
    id: typeof value['id'] === 'string' ? value['id'] : '',
    command_name: value['command_name'],
    command_status: value['command_status'] as AgentCommandStatus,
    command_error: isObject(error) ? {
      type: String(error['type'] ?? 'Error'), code: Number(error['code'] ?? 500), message: String(error['message'] ?? ''),
      details: String(error['details'] ?? ''),
    } : typeof error === 'string' ? { type: 'Error', code: 500, message: error, details: '' } : null,
    command_result: isObject(result) ? result : null,
  };
}

/** Ironic's get_command_error: the details when the agent gave them, else the message. */
export function commandErrorText(command: AgentCommandResult): string {
  const error = command.command_error;
  if (error === null) return 'the agent reported a failure without an error';
  const text = error.details !== '' ? error.details : error.message;
  return error.message !== '' && error.details !== '' && !error.details.includes(error.message) ? `${error.message}: ${error.details}` : text;
}
