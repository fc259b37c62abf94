import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentError } from '../commands/agent-error.js';
import { HardwareSupport, type ManagerContext } from '../hardware-managers/hardware-manager.js';
import { defaultDiskDeps } from './disk-deps.js';
import { fakeMachine, scriptedRunner, tempDir } from './disk-test-fixtures.js';
import { downloadBytes } from './download-bytes.js';
import { parseLabFlashHeader, verifyLabFlashImage } from './lab-flash-image.js';
import { buildLabFlashImage, createLabFlashManager } from './lab-flash-manager.js';

const FLASH_BYTES = 1024 * 1024;
const ctx: ManagerContext = { node: {}, ports: [], signal: new AbortController().signal, progress: () => undefined };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Firmware files served on 127.0.0.1 by path. */
const files = new Map<string, Buffer>();
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    res.statusCode = body === undefined ? 404 : 200;
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A file-disk machine whose lab-flash.img holds bmc-lab 1.0.0. */
async function labMachine() {
  const dir = await tempDir('ferro-flash-');
  const disk = join(dir, 'disk-0.img');
  await writeFile(disk, Buffer.alloc(4096));
  const flash = join(dir, 'lab-flash.img');
  const initial = Buffer.alloc(FLASH_BYTES);
  buildLabFlashImage('bmc-lab', '1.0.0', Buffer.from('old firmware')).copy(initial);
  await writeFile(flash, initial);
  const manager = createLabFlashManager({ fileDisks: [disk] }, { ...defaultDiskDeps, download: downloadBytes });
  return { dir, disk, flash, initial, manager };
}

function publish(path: string, image: Buffer): { url: string; checksum: string } {
  files.set(path, image);
  return { url: `${base}${path}`, checksum: `sha256:${sha256(image)}` };
}

describe('buildLabFlashImage', () => {
  it('lays out magic, component, version, payload sha256 and length, then the payload at 512', () => {
    const payload = Buffer.from('hello');
    const image = buildLabFlashImage('bmc-lab', '2.1.0', payload);
    expect(image.length).toBe(512 + 5);
    expect(image.toString('ascii', 0, 8)).toBe('FERROFW1');
    expect(image.toString('ascii', 8, 40).replace(/\0+$/, '')).toBe('bmc-lab');
    expect(image.toString('ascii', 40, 72).replace(/\0+$/, '')).toBe('2.1.0');
    expect(image.toString('ascii', 72, 136)).toBe(sha256(payload));
    expect(image.readBigUInt64LE(136)).toBe(5n);
    expect(image.subarray(512).toString()).toBe('hello');
    expect(verifyLabFlashImage(image)).toEqual({
      component: 'bmc-lab',
      version: '2.1.0',
      payloadSha256: sha256(payload),
      payloadBytes: 5,
    });
  });

  it.each([
    ['', '1'],
    ['a b', '1'],
    ['x'.repeat(33), '1'],
    ['bmc', ''],
  ])('refuses component %j version %j', (component, version) => {
    expect(() => buildLabFlashImage(component, version, Buffer.alloc(0))).toThrow(/printable ASCII/);
  });

  it('verification catches a bad magic, a truncated payload and a changed payload', () => {
    const image = buildLabFlashImage('bmc-lab', '2', Buffer.from('payload'));
    expect(parseLabFlashHeader(Buffer.alloc(512))).toBeUndefined();
    expect(() => verifyLabFlashImage(Buffer.alloc(600))).toThrow(/not a lab flash image/);
    expect(() => verifyLabFlashImage(image.subarray(0, image.length - 1))).toThrow(
      /declares a 7-byte payload but holds only 6/,
    );
    const changed = Buffer.from(image);
    changed[513] = 0x21;
    expect(() => verifyLabFlashImage(changed)).toThrow(/payload sha256 is/);
  });
});

describe('createLabFlashManager (file-disk mode)', () => {
  it('offers ServiceProvider support and lists the component on the flash', async () => {
    const { manager } = await labMachine();
    expect(await manager.evaluateHardwareSupport()).toBe(HardwareSupport.ServiceProvider);
    expect(await manager.listFirmwareComponents?.()).toEqual([{ component: 'bmc-lab', current_version: '1.0.0' }]);
  });

  it('is not supported without lab-flash.img', async () => {
    const dir = await tempDir('ferro-flash-');
    const manager = createLabFlashManager({ fileDisks: [join(dir, 'disk.img')] });
    expect(await manager.evaluateHardwareSupport()).toBe(HardwareSupport.None);
    expect(await manager.listFirmwareComponents?.()).toEqual([]);
  });

  it('downloads, verifies, writes, reads back and reports the new version', async () => {
    const { manager, flash } = await labMachine();
    const image = buildLabFlashImage('bmc-lab', '2.0.0', Buffer.alloc(100_000, 7));
    const { url, checksum } = publish('/fw/bmc-lab-2.0.0.img', image);
    expect(await manager.updateFirmware?.({ component: 'bmc-lab', url, checksum, version: '2.0.0' }, ctx)).toEqual({
      component: 'bmc-lab',
      current_version: '2.0.0',
    });
    const after = await readFile(flash);
    expect(after.subarray(0, image.length).equals(image)).toBe(true);
    expect(after.length).toBe(FLASH_BYTES);
    expect(await manager.listFirmwareComponents?.()).toEqual([{ component: 'bmc-lab', current_version: '2.0.0' }]);
  });

  it('accepts bare sha512 hex checksums', async () => {
    const { manager } = await labMachine();
    const image = buildLabFlashImage('bmc-lab', '3.0.0', Buffer.from('x'));
    files.set('/fw/512.img', image);
    const checksum = createHash('sha512').update(image).digest('hex');
    expect(await manager.updateFirmware?.({ component: 'bmc-lab', url: `${base}/fw/512.img`, checksum }, ctx)).toEqual({
      component: 'bmc-lab',
      current_version: '3.0.0',
    });
  });

  const good = buildLabFlashImage('bmc-lab', '2.0.0', Buffer.from('new firmware'));
  const corrupt = Buffer.from(good);
  corrupt[520] = 0;
  const refusals: Array<
    [string, () => { component: string; url: string; checksum: string; version?: string }, RegExp]
  > = [
    [
      'a checksum mismatch',
      () => ({ ...publish('/r/1', good), checksum: `sha256:${'0'.repeat(64)}`, component: 'bmc-lab' }),
      /sha256 is [0-9a-f]{64}, expected 0{64}/,
    ],
    [
      'a malformed checksum',
      () => ({ ...publish('/r/2', good), checksum: 'md5:abc', component: 'bmc-lab' }),
      /checksum must be sha256/,
    ],
    [
      'an image for another component',
      () => ({ ...publish('/r/3', buildLabFlashImage('nic-lab', '2', Buffer.from('x'))), component: 'bmc-lab' }),
      /the image is for component "nic-lab"/,
    ],
    [
      'a component the flash does not hold',
      () => ({ ...publish('/r/4', good), component: 'bios' }),
      /holds component "bmc-lab", not "bios"/,
    ],
    [
      'a payload that does not match its header',
      () => ({ ...publish('/r/5', corrupt), component: 'bmc-lab' }),
      /payload sha256 is/,
    ],
    [
      'a file that is not a lab image',
      () => ({ ...publish('/r/6', Buffer.alloc(2048, 1)), component: 'bmc-lab' }),
      /not a lab flash image/,
    ],
    [
      'a version other than requested',
      () => ({ ...publish('/r/7', good), component: 'bmc-lab', version: '9.9.9' }),
      /holds version "2.0.0", the request asked for "9.9.9"/,
    ],
    [
      'an image larger than the flash',
      () => ({
        ...publish('/r/8', buildLabFlashImage('bmc-lab', '2', Buffer.alloc(FLASH_BYTES))),
        component: 'bmc-lab',
      }),
      /larger than 1048576 bytes/,
    ],
    ['an HTTP 404', () => ({ url: `${base}/missing`, checksum: sha256(good), component: 'bmc-lab' }), /HTTP 404/],
  ];

  it.each(refusals)('refuses %s and leaves the old image intact', async (_label, request, message) => {
    const { manager, flash, initial } = await labMachine();
    const error = await manager.updateFirmware?.(request(), ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).type).toBe('FirmwareUpdateError');
    expect((error as AgentError).details).toMatch(message);
    expect((await readFile(flash)).equals(initial)).toBe(true);
  });

  it('refuses to flash a blank flash', async () => {
    const { manager, flash } = await labMachine();
    await writeFile(flash, Buffer.alloc(FLASH_BYTES));
    const error = await manager
      .updateFirmware?.({ component: 'bmc-lab', ...publish('/b', good) }, ctx)
      .catch((e: unknown) => e);
    expect((error as AgentError).details).toMatch(/holds no firmware image/);
  });
});

describe('createLabFlashManager (block device mode, fixtures)', () => {
  it('finds the disk with serial FERRO-LAB-FLASH, updates it and flushes buffers before reading back', async () => {
    const m = await fakeMachine();
    await m.file('sys/block/vdb/serial', 'FERRO-LAB-FLASH\n');
    const initial = Buffer.alloc(FLASH_BYTES);
    buildLabFlashImage('bmc-lab', '1.0.0', Buffer.from('old')).copy(initial);
    await m.file('dev/vdb', '');
    await writeFile(join(m.root, 'dev/vdb'), initial);
    const lsblk = JSON.stringify({
      blockdevices: [
        { kname: 'vda', type: 'disk', size: 10 * FLASH_BYTES },
        { kname: 'vdb', type: 'disk', size: FLASH_BYTES },
      ],
    });
    const { run, calls } = scriptedRunner({ lsblk: { stdout: lsblk } });
    const image = buildLabFlashImage('bmc-lab', '1.1.0', Buffer.from('new'));
    const manager = createLabFlashManager(
      { fileDisks: [] },
      { ...m.deps(run), download: () => Promise.resolve(image) },
    );
    expect(await manager.evaluateHardwareSupport()).toBe(HardwareSupport.ServiceProvider);
    expect(await manager.listFirmwareComponents?.()).toEqual([{ component: 'bmc-lab', current_version: '1.0.0' }]);
    const result = await manager.updateFirmware?.(
      { component: 'bmc-lab', url: 'http://fw/x', checksum: sha256(image) },
      ctx,
    );
    expect(result).toEqual({ component: 'bmc-lab', current_version: '1.1.0' });
    expect(calls.map((c) => c.program)).toContain('blockdev');
    expect(calls.find((c) => c.program === 'blockdev')?.args).toEqual(['--flushbufs', join(m.root, 'dev/vdb')]);
  });

  it('is not supported when no disk has the serial, or lsblk fails', async () => {
    const m = await fakeMachine();
    const none = createLabFlashManager(
      { fileDisks: [] },
      { ...m.deps(scriptedRunner({ lsblk: { stdout: '{"blockdevices":[]}' } }).run), download: downloadBytes },
    );
    expect(await none.evaluateHardwareSupport()).toBe(HardwareSupport.None);
    const broken = createLabFlashManager(
      { fileDisks: [] },
      { ...m.deps(scriptedRunner({ lsblk: { exitCode: 127 } }).run), download: downloadBytes },
    );
    expect(await broken.evaluateHardwareSupport()).toBe(HardwareSupport.None);
  });
});
