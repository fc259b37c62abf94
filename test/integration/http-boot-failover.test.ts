// Issue #4 (network boot), failover: two conductors share one database and both run the HTTP boot server.
// A simulated iPXE (conductor/boot/testing/ipxe-simulator.ts) follows the real scripts over real HTTP; the
// test kills the first conductor at chosen points of the boot and shows the machine still boots, from the other.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateIpxeBoot, type FetchResult } from '../../conductor/boot/testing/ipxe-simulator.js';
import { openStore } from '../../conductor/persistence/index.js';
import { systemClock } from '../../core/index.js';
import { api } from '../support/api-client.js';
import { freePort, startConductor, type ConductorProcess } from '../support/conductor-process.js';

const MAC = '52:54:00:6c:ab:41';
const KERNEL = randomBytes(4 * 1024 * 1024);

/** Fetches like iPXE: the whole body or an error; `onChunk` lets a test act in the middle of a transfer. */
async function httpFetch(url: string, onChunk?: (url: string, received: number) => Promise<void>): Promise<FetchResult> {
  try {
    const res = await fetch(url);
    if (res.body === null) return { status: res.status, body: '' };
    let received = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      chunks.push(Buffer.from(chunk));
      received += chunk.byteLength;
      await onChunk?.(url, received);
    }
    return { status: res.status, body: Buffer.concat(chunks).toString('latin1') };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

describe('HTTP boot failover between two conductors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferro-http-boot-failover-'));
  const images = join(dir, 'images');
  let a: ConductorProcess;
  let b: ConductorProcess;
  let bootA: string;
  let bootB: string;

  async function start(dataDir: string, own: string, peer: string, port: number): Promise<ConductorProcess> {
    return startConductor({
      dataDir,
      env: {
        FERRO_DATABASE_URL: `sqlite://${join(dir, 'shared.db')}`, FERRO_CONDUCTOR_HOSTNAME: `c-${String(port)}`,
        FERRO_HTTP_BOOT_ENABLED: 'true', FERRO_HTTP_BOOT_HOST: '127.0.0.1', FERRO_HTTP_BOOT_PORT: String(port),
        FERRO_HTTP_BOOT_PUBLIC_URL: own, FERRO_HTTP_BOOT_PEER_URLS: peer, FERRO_HTTP_BOOT_IMAGE_ROOT: images,
        FERRO_HTTP_BOOT_KERNEL_APPEND_PARAMS: 'console=ttyS0', FERRO_LOG_LEVEL: 'warn',
      },
    });
  }

  beforeAll(async () => {
    mkdirSync(join(images, 'ipa'), { recursive: true });
    writeFileSync(join(images, 'ipa', 'k'), KERNEL);
    writeFileSync(join(images, 'ipa', 'r'), randomBytes(1024 * 1024));
    const [portA, portB] = [await freePort(), await freePort()];
    bootA = `http://127.0.0.1:${String(portA)}`;
    bootB = `http://127.0.0.1:${String(portB)}`;
    a = await start(join(dir, 'a'), bootA, bootB, portA);
    b = await start(join(dir, 'b'), bootB, bootA, portB);
    const created = await api<{ uuid: string }>(a.url, 'POST', '/v1/nodes', { driver: 'fake-hardware', driver_info: { deploy_kernel: 'ipa/k', deploy_ramdisk: 'ipa/r' } });
    expect(created.status).toBe(201);
    expect((await api(a.url, 'POST', '/v1/ports', { address: MAC, node_uuid: created.body.uuid })).status).toBe(201);
    // Put the node where a real deploy would be when its machine PXE-boots: waiting for the agent.
    const store = await openStore(`sqlite://${join(dir, 'shared.db')}`, { clock: systemClock });
    const node = await store.nodes.get(created.body.uuid);
    await store.nodes.update(created.body.uuid, node?.version ?? 0, { provision_state: 'wait call-back', target_provision_state: 'active' });
    await store.close();
  });

  afterAll(async () => {
    await a.kill();
    await b.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both servers answer for the node from the shared database', async () => {
    for (const server of [bootA, bootB]) {
      const script = await (await fetch(`${server}/ipxe/${MAC.replaceAll(':', '-')}`)).text();
      expect(script).toContain(`kernel --timeout 10000 --name kernel ${bootA}/images/ipa/k console=ttyS0 BOOTIF=01-52-54-00-6c-ab-41`);
      expect(script).toContain(`kernel --timeout 10000 --name kernel ${bootB}/images/ipa/k`);
    }
  });

  it('boots from the second server when the first dies in the middle of sending the kernel', async () => {
    let killedAt = 0;
    const startedAt = performance.now();
    const boot = await simulateIpxeBoot({
      macs: [MAC], platform: 'pcbios',
      fetch: (url) => httpFetch(url, async (u, received) => {
        if (killedAt === 0 && u === `${bootA}/images/ipa/k` && received >= 64 * 1024) {
          await a.kill();
          killedAt = performance.now();
        }
      }),
    }, `${bootA}/boot.ipxe`);
    const doneAt = performance.now();
    expect(killedAt).toBeGreaterThan(0);
    expect(boot.outcome).toMatchObject({ kind: 'booted', kernel: `${bootB}/images/ipa/k`, initrd: `${bootB}/images/ipa/r` });
    expect(boot.fetches.map((f) => `${f.ok ? 'ok' : 'failed'} ${f.url}`)).toEqual([
      `ok ${bootA}/boot.ipxe`,
      `ok ${bootA}/ipxe/52-54-00-6c-ab-41`,
      `failed ${bootA}/images/ipa/k`,
      `ok ${bootB}/images/ipa/k`,
      `ok ${bootB}/images/ipa/r`,
    ]);
    // The cost of the failover is one refused transfer, not a timeout.
    console.log(`failover: first server killed mid-kernel; boot finished ${(doneAt - killedAt).toFixed(0)} ms later (whole sequence ${(doneAt - startedAt).toFixed(0)} ms)`);
    expect(doneAt - killedAt).toBeLessThan(5000);
  });

  it('with the first server dead, a boot that starts from the survivor never touches it again', async () => {
    const boot = await simulateIpxeBoot({ macs: [MAC], platform: 'pcbios', fetch: (url) => httpFetch(url) }, `${bootB}/boot.ipxe`);
    expect(boot.outcome).toMatchObject({ kind: 'booted', kernel: `${bootB}/images/ipa/k` });
    // Every server lists itself first in the scripts it renders, so a script from a live server starts with it.
    expect(boot.fetches.filter((f) => !f.ok)).toEqual([]);
    expect(boot.fetches.every((f) => f.url.startsWith(bootB))).toBe(true);
  });
});
