import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import type { BootDataReader, BootNode } from '../boot-data-reader.js';
import { startHttpBootServer, type HttpBootServer } from './http-boot-server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET (or another method) with the path sent exactly as written: fetch would normalise `..` away. */
function raw(server: HttpBootServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }); });
    });
    req.on('error', reject);
    req.end();
  });
}

const DEPLOYING: BootNode = {
  uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: 'n1', provisionState: 'wait call-back',
  driverInfo: { deploy_kernel: 'ipa/k', deploy_ramdisk: 'ipa/r' }, instanceInfo: {},
};
const HOSTILE: BootNode = { ...DEPLOYING, uuid: '2be26c0b-03f2-4d2e-ae87-c02d7f33c123', driverInfo: { kernel_append_params: 'a=${x}' } };

describe('HTTP boot server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferro-http-boot-'));
  const imageRoot = join(dir, 'images');
  const ipxeDir = join(dir, 'ipxe');
  const big = randomBytes(1024 * 1024 + 3);
  let failReads = false;
  const reader: BootDataReader = {
    nodeForMac: (mac) => {
      if (failReads) return Promise.reject(new Error('database is down'));
      return Promise.resolve(mac === '52:54:00:6c:ab:01' ? DEPLOYING : mac === '52:54:00:6c:ab:02' ? HOSTILE : undefined);
    },
    bootServers: () => Promise.resolve([server.url, 'http://10.0.0.2:8088']),
    apiUrls: () => Promise.resolve(['http://10.0.0.1:6385']),
  };
  let server: HttpBootServer;

  beforeAll(async () => {
    mkdirSync(join(imageRoot, 'ipa'), { recursive: true });
    mkdirSync(ipxeDir);
    writeFileSync(join(imageRoot, 'ipa', 'k'), big);
    writeFileSync(join(imageRoot, 'empty'), '');
    writeFileSync(join(dir, 'secret'), 'secret');
    symlinkSync(join(dir, 'secret'), join(imageRoot, 'escape'));
    writeFileSync(join(ipxeDir, 'snponly.efi'), 'EFI binary');
    server = await startHttpBootServer({
      host: '127.0.0.1', port: 0, imageRoot, ipxeDir, reader, log: silentLogger,
      settings: { retryAttempts: 10, downloadTimeoutMs: 0, kernelAppendParams: 'nofb', deployKernel: 'k', deployRamdisk: 'r', discoveryEnabled: false },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves boot.ipxe listing this server and its peer, never cached', async () => {
    const reply = await raw(server, '/boot.ipxe');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.body.toString()).toContain(`chain --autofree ${server.url}/ipxe/\${net\${ferro-nic}/mac:hexhyp} || chain --autofree http://10.0.0.2:8088/ipxe/`);
  });

  it('renders a known MAC from the database in either spelling, 404 for an unknown one, 400 for garbage', async () => {
    for (const mac of ['52-54-00-6c-ab-01', '52:54:00:6C:AB:01']) {
      const reply = await raw(server, `/ipxe/${mac}`);
      expect(reply.status, mac).toBe(200);
      expect(reply.body.toString()).toContain(`kernel --name kernel ${server.url}/images/ipa/k nofb BOOTIF=01-52-54-00-6c-ab-01`);
    }
    expect((await raw(server, '/ipxe/52-54-00-6c-ab-09')).status).toBe(404);
    expect((await raw(server, '/ipxe/not-a-mac')).status).toBe(400);
    expect((await raw(server, '/ipxe/discovery/52-54-00-6c-ab-09')).body.toString()).toContain('discovery is off');
  });

  it('answers unsafe boot data with a script that explains and exits, and a database error with 503', async () => {
    const hostile = await raw(server, '/ipxe/52-54-00-6c-ab-02');
    expect(hostile.status).toBe(200);
    expect(hostile.body.toString()).toBe('#!ipxe\necho Ferro: node 2be26c0b-03f2-4d2e-ae87-c02d7f33c123 cannot boot from the network: invalid boot data\necho Ferro: see the conductor log\nexit 0\n');
    failReads = true;
    try {
      expect((await raw(server, '/ipxe/52-54-00-6c-ab-01')).status).toBe(503);
    } finally {
      failReads = false;
    }
  });

  it('serves files whole, by one range, by suffix, and refuses a range past the end', async () => {
    const whole = await raw(server, '/images/ipa/k');
    expect(whole.status).toBe(200);
    expect(whole.body.equals(big)).toBe(true);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const part = await raw(server, '/images/ipa/k', { Range: 'bytes=1048560-1048570' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1048560-1048570/${String(big.length)}`);
    expect(part.body.equals(big.subarray(1048560, 1048571))).toBe(true);
    const tail = await raw(server, '/images/ipa/k', { Range: 'bytes=-3' });
    expect(tail.body.equals(big.subarray(big.length - 3))).toBe(true);
    const past = await raw(server, '/images/ipa/k', { Range: `bytes=${String(big.length)}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${String(big.length)}`);
    const empty = await raw(server, '/images/empty');
    expect([empty.status, empty.body.length]).toEqual([200, 0]);
  });

  it('answers HEAD with headers only, and a matching validator with 304', async () => {
    const head = await raw(server, '/images/ipa/k', {}, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(big.length), 0]);
    const etag = String(head.headers.etag);
    expect((await raw(server, '/images/ipa/k', { 'If-None-Match': etag })).status).toBe(304);
    expect((await raw(server, '/images/ipa/k', { 'If-Modified-Since': String(head.headers['last-modified']) })).status).toBe(304);
    expect((await raw(server, '/images/ipa/k', {}, 'POST')).status).toBe(405);
  });

  it('never leaves the image root: dot segments, encoded slashes, NUL bytes, symlinks out', async () => {
    for (const path of ['/images/../secret', '/images/%2e%2e/secret', '/images/ipa%2F..%2F..%2Fsecret', '/images/ipa/k%00', '/images/escape', '/images/', '/images/ipa', '/images/..%5csecret']) {
      const reply = await raw(server, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.toString(), path).not.toContain('secret');
    }
  });

  it('serves iPXE binaries from the iPXE directory for UEFI HTTP boot', async () => {
    const reply = await raw(server, '/snponly.efi');
    expect([reply.status, reply.body.toString()]).toEqual([200, 'EFI binary']);
    expect((await raw(server, '/missing.efi')).status).toBe(404);
    expect((await raw(server, '/..%2Fsecret.efi')).status).toBe(404);
  });
});
