import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type JsonObject } from '../../core/index.js';
import type { AgentCommand } from '../commands/agent-command.js';
import { createCommandExecutor } from '../commands/command-executor.js';
import { createAgentApiHandler, isTokenValid } from './agent-api-handler.js';
import { startAgentApi, type RunningAgentApi } from './start-agent-api.js';

const TOKEN = 'secret-token-0123456789';
let api: RunningAgentApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(token: string | undefined = TOKEN) {
  let release: () => void = () => undefined;
  const slow: AgentCommand = {
    mode: 'async',
    run: () =>
      new Promise((resolve) => {
        release = () => {
          resolve({ done: true });
        };
      }),
  };
  const executor = createCommandExecutor({
    extensions: new Map([['test', { slow, echo: { mode: 'sync', run: async (p: JsonObject) => ({ echoed: p }) } }]]),
    log: silentLogger,
    signal: new AbortController().signal,
    reportProgress: () => undefined,
    onCommandDone: () => undefined,
  });
  api = await startAgentApi({
    host: '127.0.0.1',
    port: 0,
    tls: undefined,
    handler: createAgentApiHandler({
      executor,
      token: () => token,
      version: '9.9.9',
      startedAtS: 1000.5,
      maxBodyBytes: 4096,
      log: silentLogger,
    }),
  });
  return {
    port: api.port,
    release: () => {
      release();
    },
  };
}

/** A raw HTTP call (so malformed bodies go out exactly as written). */
function call(port: number, method: string, path: string, body?: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const q = `agent_token=${TOKEN}`;

describe('agent command API', () => {
  it('serves /, /v1/ and /v1/status without a token', async () => {
    const { port } = await start();
    expect((await call(port, 'GET', '/')).json).toMatchObject({
      name: 'OpenStack Ironic Python Agent API',
      default_version: { id: 'v1' },
    });
    expect((await call(port, 'GET', '/v1/')).json).toMatchObject({
      id: 'v1',
      media_types: [{ type: 'application/vnd.openstack.ironic-python-agent.v1+json' }],
    });
    expect(await call(port, 'GET', '/v1/status')).toEqual({
      status: 200,
      json: { started_at: 1000.5, version: '9.9.9' },
    });
  });

  it('answers 401 Token invalid. for a missing, wrong or not-yet-known token', async () => {
    const { port } = await start();
    const unauthorized = { status: 401, json: { faultcode: 'Client', faultstring: 'Token invalid.' } };
    expect(await call(port, 'GET', '/v1/commands/')).toEqual(unauthorized);
    expect(await call(port, 'GET', '/v1/commands/?agent_token=wrong')).toEqual(unauthorized);
    expect(await call(port, 'POST', '/v1/commands/?agent_token=wrong', '{"name":"test.echo","params":{}}')).toEqual(
      unauthorized,
    );
    await api?.close();
    const before = await start(undefined);
    expect(await call(before.port, 'GET', '/v1/commands/?agent_token=')).toEqual(unauthorized);
  });

  it('runs a command, lists it and returns it by id', async () => {
    const { port } = await start();
    const posted = await call(
      port,
      'POST',
      `/v1/commands/?${q}`,
      JSON.stringify({ name: 'test.echo', params: { a: 1 } }),
    );
    expect(posted).toMatchObject({
      status: 200,
      json: { command_name: 'echo', command_status: 'SUCCEEDED', command_result: { echoed: { a: 1 } } },
    });
    const id = (posted.json as { id: string }).id;
    expect((await call(port, 'GET', `/v1/commands/${id}?${q}`)).json).toEqual(posted.json);
    expect((await call(port, 'GET', `/v1/commands?${q}`)).json).toEqual({ commands: [posted.json] });
    expect((await call(port, 'GET', `/v1/commands/nope?${q}`)).status).toBe(404);
  });

  it('answers 409 while a command runs, and wait=true returns the finished result', async () => {
    const { port, release } = await start();
    const started = await call(port, 'POST', `/v1/commands/?${q}`, JSON.stringify({ name: 'test.slow', params: {} }));
    expect(started.json).toMatchObject({ command_status: 'RUNNING' });
    const busy = await call(port, 'POST', `/v1/commands/?${q}`, JSON.stringify({ name: 'test.echo', params: {} }));
    expect(busy).toEqual({
      status: 409,
      json: { faultcode: 'Client', faultstring: 'Agent is busy: executing command slow' },
    });
    const waiting = call(port, 'GET', `/v1/commands/${(started.json as { id: string }).id}?${q}&wait=true`);
    setTimeout(release, 50);
    expect((await waiting).json).toMatchObject({ command_status: 'SUCCEEDED', command_result: { done: true } });
  });

  it.each([
    ['not json', '{"name":'],
    ['no params', '{"name":"test.echo"}'],
    ['params not an object', '{"name":"test.echo","params":[1]}'],
    ['name not a string', '{"name":5,"params":{}}'],
    ['an array', '[]'],
    ['empty', ''],
  ])('answers 400 to a body that is %s, and keeps serving', async (_label, body) => {
    const { port } = await start();
    const answer = await call(port, 'POST', `/v1/commands/?${q}`, body);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ faultcode: 'Client' });
    expect((await call(port, 'GET', '/v1/status')).status).toBe(200);
  });

  it('answers 404 to an unknown extension, 400 to an unknown command, 413 to a huge body, 405/404 to odd routes', async () => {
    const { port } = await start();
    expect((await call(port, 'POST', `/v1/commands/?${q}`, '{"name":"nope.x","params":{}}')).status).toBe(404);
    expect((await call(port, 'POST', `/v1/commands/?${q}`, '{"name":"test.nope","params":{}}')).status).toBe(400);
    expect(
      (
        await call(
          port,
          'POST',
          `/v1/commands/?${q}`,
          JSON.stringify({ name: 'test.echo', params: { x: 'y'.repeat(5000) } }),
        )
      ).status,
    ).toBe(413);
    expect((await call(port, 'DELETE', `/v1/commands/?${q}`)).status).toBe(405);
    expect((await call(port, 'GET', '/v2/whatever')).status).toBe(404);
  });
});

describe('isTokenValid', () => {
  it('accepts only the exact token', () => {
    expect(isTokenValid('abc', 'abc')).toBe(true);
    expect(isTokenValid('abcd', 'abc')).toBe(false);
    expect(isTokenValid('', '')).toBe(false);
    expect(isTokenValid(null, 'abc')).toBe(false);
    expect(isTokenValid('abc', undefined)).toBe(false);
  });
});
