import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentCertificateMismatch, AgentCommandFailed, AgentConnectionFailed, AgentInProgress, AgentTokenRejected } from '../../core/index.js';
import { AgentClient } from './agent-client.js';
import type { AgentEndpoint } from './agent-endpoint.js';
import { ScriptedAgent } from './testing/scripted-agent.js';
import { selfSignedCert, type SelfSignedCert } from './testing/self-signed-cert.js';

const signal = new AbortController().signal;
const client = new AgentClient({ commandTimeoutMs: 5_000, maxResponseBytes: 1_000_000 });
let agent: ScriptedAgent;
let other: SelfSignedCert;

beforeAll(async () => {
  agent = new ScriptedAgent(selfSignedCert());
  other = selfSignedCert();
  agent.token = 'tok-en';
  await agent.start();
});
afterAll(async () => { await agent.stop(); });

function endpoint(changes: Partial<AgentEndpoint> = {}): AgentEndpoint {
  return { nodeUuid: 'node-1', url: agent.url, token: 'tok-en', caPem: agent.cert.cert, fingerprint: agent.fingerprint, ...changes };
}

describe('AgentClient', () => {
  it('posts a command with the token as a query parameter and the wait flag, and reads the command list', async () => {
    agent.script.set('standby.prepare_image', { status: 'RUNNING' });
    const started = await client.command(endpoint(), 'standby.prepare_image', { image_info: { id: 'img' } }, { wait: false, signal });
    expect(started).toMatchObject({ command_name: 'prepare_image', command_status: 'RUNNING' });
    const request = agent.requests.at(-1);
    expect(request).toMatchObject({ method: 'POST', path: '/v1/commands/', token: 'tok-en', wait: 'false', body: { name: 'standby.prepare_image', params: { image_info: { id: 'img' } } } });
    const list = await client.listCommands(endpoint(), signal);
    expect(list.map((c) => c.id)).toContain(started.id);
  });

  it('turns a 401 into AgentTokenRejected and a 409 into AgentInProgress', async () => {
    await expect(client.listCommands(endpoint({ token: 'wrong' }), signal)).rejects.toBeInstanceOf(AgentTokenRejected);
    agent.override = { status: 409, body: { faultcode: 'Client', faultstring: 'Agent is busy' } };
    try {
      await expect(client.command(endpoint(), 'clean.execute_clean_step', {}, { wait: false, signal })).rejects.toThrow(AgentInProgress);
      agent.override = { status: 500, body: { faultcode: 'Server', faultstring: 'boom' } };
      await expect(client.listCommands(endpoint(), signal)).rejects.toThrow(/HTTP 500: boom/);
    } finally {
      agent.override = undefined;
    }
  });

  it('refuses an agent whose certificate is not the pinned one, even when chain validation would pass', async () => {
    // The other certificate as the only CA: the handshake fails on the chain; with the agent's PEM as CA but
    // another pinned fingerprint, the pin check refuses.
    const wrongPin = endpoint({ fingerprint: 'AA:'.repeat(31) + 'AA' });
    await expect(client.listCommands(wrongPin, signal)).rejects.toBeInstanceOf(AgentCertificateMismatch);
    await expect(client.listCommands(endpoint({ caPem: other.cert }), signal)).rejects.toBeInstanceOf(AgentConnectionFailed);
  });

  it('never puts the token in an error message', async () => {
    agent.override = { status: 500, body: { faultcode: 'Server', faultstring: 'boom' } };
    try {
      const error: unknown = await client.command(endpoint({ token: 'secret-token-value' }), 'x.y', {}, { wait: false, signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgentCommandFailed);
      expect((error as Error).message).not.toContain('secret-token-value');
      const refused: unknown = await client.listCommands({ ...endpoint({ token: 'secret-token-value' }), url: 'https://127.0.0.1:1' }, signal).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AgentConnectionFailed);
      expect((refused as Error).message).not.toContain('secret-token-value');
    } finally {
      agent.override = undefined;
    }
  });

  it('rejects a malformed command result', async () => {
    agent.override = { status: 200, body: { hello: 'world' } };
    try {
      await expect(client.command(endpoint(), 'x.y', {}, { wait: true, signal })).rejects.toThrow(/malformed command result/);
    } finally {
      agent.override = undefined;
    }
  });
});
