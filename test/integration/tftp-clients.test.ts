// Issue #4: stock clients against Ferro's TFTP server across a veth pair. The server runs in one network
// namespace (bench/tftp-ferro-process.ts, once per data path: JS, and native when its addon is built), and
// tftp-hpa and atftp fetch from another; the sha256 of what they wrote must match. A missing file and
// traversal attempts must be refused with a clear TFTP error. tftp-hpa 5.2's client sends no options
// (it has no blksize command), so blksize and windowsize go through atftp. Skips, saying why, when not
// root, without `ip netns`, or without the clients (Debian: tftp-hpa atftp).
import { execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeDataPath } from '../../conductor/boot/tftp/native-data-path.js';
import {
  connectNetns,
  createNetns,
  netnsUnavailableReason,
  stopChild,
  waitForLine,
  type Netns,
} from '../support/netns.js';

const missingClients = ['/usr/bin/tftp', '/usr/bin/atftp'].filter((p) => !existsSync(p));
const skipReason =
  (await netnsUnavailableReason()) ??
  (missingClients.length > 0 ? `${missingClients.join(', ')} missing (apt-get install tftp-hpa atftp)` : undefined);
if (skipReason !== undefined) process.stderr.write(`tftp-clients: skipped, ${skipReason}\n`);
const dataPaths = loadNativeDataPath() === undefined ? (['js'] as const) : (['js', 'native'] as const);
if (dataPaths.length === 1) process.stderr.write('tftp-clients: native data path not built, JS only\n');

const SERVER_IP = '10.79.0.1';
const PORTS = { js: 6969, native: 69 } as const;
const files = new Map<string, Buffer>([
  ['random.bin', randomBytes(3 * 1024 * 1024 + 17)],
  ['exact.bin', randomBytes(512 * 64)], // a multiple of blksize: ends with an empty block
  ['node-1/config', Buffer.from('#!ipxe\nchain http://10.0.0.1:8088/boot.ipxe\r\n')],
  ['rollover.bin', randomBytes(64 * 65_536 + 100)], // > 65535 blocks of 64 bytes
]);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A command in `ns`: exit code and both outputs (tftp-hpa reports errors on stdout or stderr and may exit 0). */
function inNetns(ns: Netns, command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', ns.name, command, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe.skipIf(skipReason !== undefined)('TFTP server with tftp-hpa and atftp in network namespaces', () => {
  let server: Netns;
  let client: Netns;
  let dir: string;
  let fetches = 0;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferro-tftp-ns-'));
    const root = join(dir, 'root');
    mkdirSync(join(root, 'node-1'), { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(root, name), bytes);
    writeFileSync(join(dir, 'secret'), 'outside the root');
    symlinkSync(join(dir, 'secret'), join(root, 'escape'));
    [server, client] = await Promise.all([createNetns('ferro-tftp-s'), createNetns('ferro-tftp-c')]);
    await connectNetns(
      { ns: server, ifname: 'ft0', address: `${SERVER_IP}/24` },
      { ns: client, ifname: 'fc0', address: '10.79.0.2/24' },
    );
    const script = join(import.meta.dirname, '..', '..', 'bench', 'tftp-ferro-process.ts');
    for (const path of dataPaths) {
      const child = server.spawn(process.execPath, [
        '--import',
        'tsx',
        script,
        root,
        String(PORTS[path]),
        SERVER_IP,
        path,
      ]);
      children.push(child);
      await waitForLine(child, new RegExp(`ready ${path}`), 20_000);
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) await stopChild(child);
    await Promise.all([server?.delete(), client?.delete()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function tftpHpa(port: number, name: string, mode = 'binary'): Promise<{ bytes: Buffer; output: string }> {
    const out = join(dir, `out-${++fetches}`);
    const { output } = await inNetns(client, 'tftp', [SERVER_IP, String(port), '-m', mode, '-c', 'get', name, out]);
    return { bytes: existsSync(out) ? readFileSync(out) : Buffer.alloc(0), output };
  }

  async function atftp(port: number, name: string, options: readonly string[] = []): Promise<Buffer | string> {
    const out = join(dir, `out-${++fetches}`);
    const args = [...options.flatMap((o) => ['--option', o]), '-g', '-r', name, '-l', out, SERVER_IP, String(port)];
    const { code, output } = await inNetns(client, 'atftp', args);
    return code === 0 ? readFileSync(out) : `atftp exited ${code}: ${output}`;
  }

  describe.each(dataPaths)('%s data path', (path) => {
    const port = PORTS[path];

    it.each(['random.bin', 'exact.bin', 'node-1/config'])('tftp-hpa fetches %s (no options, 512 B)', async (name) => {
      expect(sha256((await tftpHpa(port, name)).bytes)).toBe(sha256(files.get(name) ?? Buffer.alloc(1)));
    });

    it('tftp-hpa fetches in netascii mode and gets the original bytes back', async () => {
      expect((await tftpHpa(port, 'node-1/config', 'ascii')).bytes.toString()).toBe(
        files.get('node-1/config')?.toString(),
      );
    });

    it.each([
      [[]],
      [['blksize 1468']],
      [['blksize 1468', 'windowsize 16']],
      [['blksize 8192', 'windowsize 4']], // above the veth MTU: IP fragments, no UDP GSO
      [['blksize 65464', 'tsize 0', 'timeout 2']],
    ])('atftp fetches random.bin with options %j', async (options) => {
      const got = await atftp(port, 'random.bin', options);
      expect(typeof got === 'string' ? got : sha256(got)).toBe(sha256(files.get('random.bin') ?? Buffer.alloc(1)));
    });

    it('atftp fetches a file of more than 65535 blocks (block number rollover)', async () => {
      const got = await atftp(port, 'rollover.bin', ['blksize 64', 'windowsize 32']);
      expect(typeof got === 'string' ? got : sha256(got)).toBe(sha256(files.get('rollover.bin') ?? Buffer.alloc(1)));
    });

    it('reports a missing file as TFTP error 1 to both clients', async () => {
      expect(await atftp(port, 'no-such-file', ['blksize 1468'])).toMatch(/File not found/);
      const hpa = await tftpHpa(port, 'no-such-file');
      expect(hpa.output).toMatch(/Error code 1: File not found/);
    });

    it.each([
      '../secret',
      'node-1/../../secret',
      `${'x/'.repeat(3)}../../../../secret`,
      '/etc/passwd',
      'escape',
      'node-1',
    ])('refuses %s with an access violation through both clients', async (name) => {
      expect(await atftp(port, name)).toMatch(/Access violation/);
      const hpa = await tftpHpa(port, name);
      expect(hpa.output).toMatch(/Error code 2: Access violation/);
      expect(hpa.bytes.length).toBe(0);
    });
  });
});
