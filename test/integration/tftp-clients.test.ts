// The TFTP server against stock clients (issue #4): tftp-hpa and atftp fetch files on loopback with and
// without blksize/windowsize, and the sha256 of what they wrote must match. Traversal attempts through
// the same clients are refused. Skips when the clients are missing (Debian: tftp-hpa, atftp).
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { createDirectoryFileSource, startTftpServer, type TftpServer } from '../../conductor/boot/tftp/index.js';

const run = promisify(execFile);
const missing = ['/usr/bin/tftp', '/usr/bin/atftp'].filter((p) => !existsSync(p));
if (missing.length > 0)
  console.warn(`skipping TFTP client tests: ${missing.join(', ')} missing (apt-get install tftp-hpa atftp)`);

let dir: string;
let root: string;
let server: TftpServer;
let port: number;
const files = new Map<string, Buffer>();
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferro-tftp-it-'));
  root = join(dir, 'root');
  mkdirSync(join(root, 'node-1'), { recursive: true });
  files.set('random.bin', randomBytes(3 * 1024 * 1024 + 17));
  files.set('exact.bin', randomBytes(512 * 64)); // a multiple of blksize: ends with an empty block
  files.set('node-1/config', Buffer.from('#!ipxe\nchain http://10.0.0.1:8088/boot.ipxe\r\n'));
  files.set('rollover.bin', randomBytes(64 * 65_536 + 100)); // > 65535 blocks of 64 bytes
  for (const [name, bytes] of files) writeFileSync(join(root, name), bytes);
  writeFileSync(join(dir, 'secret'), 'outside the root');
  symlinkSync(join(dir, 'secret'), join(root, 'escape'));
  server = await startTftpServer({
    addresses: ['127.0.0.1'],
    port: 0,
    source: createDirectoryFileSource({ root }),
    log: silentLogger,
    limits: {
      maxTransfers: 100,
      maxTransfersPerClient: 100,
      blksizeMax: 65_464,
      windowsizeMax: 64,
      timeoutMs: 1000,
      maxRetries: 5,
    },
  });
  port = server.addresses()[0]?.port ?? 0;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let fetchCount = 0;
async function tftpHpa(name: string, mode = 'binary'): Promise<Buffer> {
  const out = join(dir, `out-${++fetchCount}`);
  await run('tftp', ['127.0.0.1', String(port), '-m', mode, '-c', 'get', name, out], { timeout: 60_000 });
  return existsSync(out) ? readFileSync(out) : Buffer.alloc(0);
}

async function atftp(name: string, options: string[] = []): Promise<Buffer | { failed: string }> {
  const out = join(dir, `out-${++fetchCount}`);
  const args = [...options.flatMap((o) => ['--option', o]), '-g', '-r', name, '-l', out, '127.0.0.1', String(port)];
  try {
    await run('atftp', args, { timeout: 60_000 });
  } catch (error) {
    return { failed: String((error as { stderr?: string }).stderr ?? error) };
  }
  return readFileSync(out);
}

describe.skipIf(missing.length > 0)('TFTP server with tftp-hpa and atftp', () => {
  it.each(['random.bin', 'exact.bin', 'node-1/config'])(
    'tftp-hpa fetches %s in binary mode (512-byte blocks)',
    async (name) => {
      expect(sha256(await tftpHpa(name))).toBe(sha256(files.get(name) ?? Buffer.alloc(1)));
    },
  );

  it('tftp-hpa fetches a file in netascii mode and gets the original bytes back', async () => {
    expect((await tftpHpa('node-1/config', 'ascii')).toString()).toBe(files.get('node-1/config')?.toString());
  });

  it.each([
    [[]],
    [['blksize 1468']],
    [['blksize 1468', 'windowsize 16']],
    [['blksize 8192']],
    [['blksize 8192', 'windowsize 4']],
    [['blksize 65464', 'tsize 0', 'timeout 2']],
  ])('atftp fetches random.bin with options %j', async (options) => {
    const got = await atftp('random.bin', options);
    expect(Buffer.isBuffer(got) ? sha256(got) : got).toBe(sha256(files.get('random.bin') ?? Buffer.alloc(1)));
  });

  it('atftp fetches a file of more than 65535 blocks (block number rollover)', async () => {
    const got = await atftp('rollover.bin', ['blksize 64', 'windowsize 32']);
    expect(Buffer.isBuffer(got) ? sha256(got) : got).toBe(sha256(files.get('rollover.bin') ?? Buffer.alloc(1)));
  });

  it.each(['../secret', 'node-1/../../secret', `${dir}/secret`, '/etc/passwd', 'escape', 'node-1'])(
    'refuses %s through both clients',
    async (name) => {
      const got = await atftp(name);
      expect(got).toHaveProperty('failed', expect.stringMatching(/Access violation|File not found/));
      expect((await tftpHpa(name)).length).toBe(0);
    },
  );
});
