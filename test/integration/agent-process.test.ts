// The bundled agent (dist/agent/ferro-agent.mjs) as a real process in file-disk mode, against a stub
// conductor on loopback: lookup, heartbeats carrying the self-signed certificate, and a prepare_image driven
// over the agent's HTTPS API with that certificate pinned, as the conductor does (issue #5).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'dist/agent/ferro-agent.mjs');
const TOKEN = 'stub-conductor-token-0123456789abcdef';
const NODE = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';

let dir: string;
let conductor: Server;
let agent: ChildProcess | undefined;
let stdout = '';
const heartbeats: Record<string, unknown>[] = [];
const lookups: string[] = [];
const image = Buffer.concat([randomBytes(1024 * 1024), Buffer.alloc(512 * 1024)]);
const imageSha256 = createHash('sha256').update(image).digest('hex');

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; agent output:\n${stdout.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An HTTPS call to the agent that trusts only the certificate it sent and checks its sha256 fingerprint. */
function callAgent(
  url: string,
  pem: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const pinned = new X509Certificate(pem).fingerprint256;
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        ca: pem,
        headers: { 'content-type': 'application/json' },
        checkServerIdentity: (_host, cert) =>
          cert.fingerprint256 === pinned
            ? undefined
            : new Error(`fingerprint ${cert.fingerprint256} is not the pinned ${pinned}`),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolvePromise({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-agent.ts'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  dir = mkdtempSync(join(tmpdir(), 'ferro-agent-process-'));
  const disk = join(dir, 'disk0.img');
  const fd = openSync(disk, 'w');
  ftruncateSync(fd, 5 * 1024 ** 3); // sparse 5 GiB: the smallest disk >= 4 GiB
  closeSync(fd);
  conductor = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      if (url.startsWith('/v1/lookup')) {
        lookups.push(url);
        if (lookups.length === 1) {
          res.writeHead(404).end('{}');
          return;
        } // "not yet": the agent must retry
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            node: { uuid: NODE, properties: {}, instance_info: {}, driver_internal_info: {} },
            config: { heartbeat_timeout: 300, agent_token: TOKEN, agent_token_required: true },
          }),
        );
      } else if (url === `/v1/heartbeat/${NODE}` && req.method === 'POST') {
        heartbeats.push(JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>);
        res.writeHead(202).end();
      } else if (url === '/images/disk.raw') {
        res.writeHead(200, { 'content-length': image.length }).end(image);
      } else res.writeHead(404).end('{}');
    });
  });
  const conductorPort = await listen(conductor);
  const cmdline = join(dir, 'cmdline');
  writeFileSync(
    cmdline,
    `BOOT_IMAGE=/vmlinuz ipa-api-url=http://127.0.0.1:${conductorPort} ferro-disk-files=${disk} ipa-lookup-interval=1 ipa-agent-token-ignored\n`,
  );
  const agentPort = await freePort();
  agent = spawn(
    process.execPath,
    [
      BUNDLE,
      '--cmdline',
      cmdline,
      '--listen-host',
      '127.0.0.1',
      '--listen-port',
      String(agentPort),
      '--advertise-host',
      '127.0.0.1',
      '--log-file',
      join(dir, 'agent.log'),
      '--console-path',
      '',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  agent.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  agent.stderr?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  Object.assign(globalThis, { conductorPort });
}, 60_000);

afterAll(async () => {
  if (agent?.pid !== undefined && agent.exitCode === null) agent.kill('SIGKILL');
  await new Promise((r) => conductor.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('agent process', () => {
  it('looks the node up (after a 404), heartbeats with its certificate and prints the boot markers', async () => {
    const first = await waitFor('first heartbeat', () => heartbeats[0]);
    expect(lookups.length).toBeGreaterThanOrEqual(2);
    expect(first).toMatchObject({
      callback_url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      agent_version: '0.1.0',
      agent_token: TOKEN,
    });
    expect(new X509Certificate(String(first['agent_verify_ca'])).checkIP('127.0.0.1')).toBe('127.0.0.1');
    await waitFor('heartbeat marker', () => (stdout.includes('FERRO-AGENT heartbeat ok') ? true : undefined));
    expect(stdout).toMatch(/FERRO-AGENT started version=0\.1\.0 mode=file-disks/);
    expect(stdout).toContain(`FERRO-AGENT lookup ok node=${NODE}`);
  });

  it('writes an image over the pinned HTTPS API, refuses a wrong token, and reports the result by heartbeat', async () => {
    const first = heartbeats[0] ?? {};
    const base = String(first['callback_url']);
    const pem = String(first['agent_verify_ca']);
    expect((await callAgent(`${base}/v1/commands/?agent_token=wrong`, pem, 'GET')).status).toBe(401);
    const port = (globalThis as unknown as { conductorPort: number }).conductorPort;
    const answer = await callAgent(`${base}/v1/commands/?agent_token=${TOKEN}&wait=true`, pem, 'POST', {
      name: 'standby.prepare_image',
      params: {
        image_info: {
          id: 'img-1',
          urls: [`http://127.0.0.1:${port}/images/disk.raw`],
          disk_format: 'raw',
          os_hash_algo: 'sha256',
          os_hash_value: imageSha256,
        },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      command_name: 'prepare_image',
      command_status: 'SUCCEEDED',
      command_result: { root_device: join(dir, 'disk0.img') },
    });
    // The file stands in for a 5 GiB disk and keeps that size: read only the image's span.
    const fd = openSync(join(dir, 'disk0.img'), 'r');
    const written = Buffer.alloc(image.length);
    try { readSync(fd, written, 0, image.length, 0); } finally { closeSync(fd); }
    expect(createHash('sha256').update(written).digest('hex')).toBe(imageSha256);
    const done = await waitFor('heartbeat after the command', () =>
      heartbeats.find((h) => h['agent_status'] === 'end'),
    );
    expect(String(done['agent_status_message'])).toContain('prepare_image: SUCCEEDED');
    const list = await callAgent(`${base}/v1/commands/?agent_token=${TOKEN}`, pem, 'GET');
    expect((list.json['commands'] as unknown[]).length).toBe(1);
  });

  it('only records power off in file-disk mode, never logs the token, and stops on SIGTERM', async () => {
    const first = heartbeats[0] ?? {};
    const off = await callAgent(
      `${String(first['callback_url'])}/v1/commands/?agent_token=${TOKEN}&wait=true`,
      String(first['agent_verify_ca']),
      'POST',
      { name: 'standby.power_off', params: {} },
    );
    expect(off.json).toMatchObject({ command_status: 'SUCCEEDED' });
    expect(stdout).toContain('FERRO-AGENT poweroff requested (file-disk mode: not performed)');
    const exited = new Promise<number | null>((r) =>
      agent?.once('exit', (code) => {
        r(code);
      }),
    );
    agent?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).not.toContain(TOKEN);
    expect(readFileSync(join(dir, 'agent.log'), 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(join(dir, 'agent.log'), 'utf8')).toContain('lookup succeeded');
  });
});
