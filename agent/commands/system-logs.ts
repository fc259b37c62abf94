import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { RunProgram } from '../hardware-managers/inventory/read-bmc-address.js';

/** Where the logs come from. */
export interface SystemLogSources {
  run: RunProgram;
  /** The agent's own log file ('' when it logs to stdout only). */
  logFile: string;
  cmdlinePath: string;
  signal?: AbortSignal;
}

/** Largest slice of one file put into the archive; the conductor stores the whole archive per failure. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * log.collect_system_logs (IPA utils.collect_system_logs): a gzipped tar of dmesg, the agent's log, the
 * kernel command line and lsblk output, base64-encoded, which Ironic stores under deploy_logs_local_path.
 * A source that cannot be read becomes a file saying why, so one missing tool never loses the rest.
 */
export async function collectSystemLogs(sources: SystemLogSources): Promise<string> {
  const files: [string, Buffer][] = [];
  const command = async (name: string, program: string, args: string[]) => {
    try {
      const { stdout, stderr } = await sources.run(program, args, {
        check: false,
        ...(sources.signal ? { signal: sources.signal } : {}),
      });
      files.push([name, Buffer.from(stdout + (stderr === '' ? '' : `\n--- stderr ---\n${stderr}`))]);
    } catch (error) {
      files.push([name, Buffer.from(`${program} failed: ${error instanceof Error ? error.message : String(error)}\n`)]);
    }
  };
  const file = async (name: string, path: string) => {
    try {
      const data = await readFile(path);
      files.push([name, data.subarray(Math.max(0, data.length - MAX_FILE_BYTES))]);
    } catch (error) {
      files.push([
        name,
        Buffer.from(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}\n`),
      ]);
    }
  };
  await command('dmesg', 'dmesg', []);
  await command('lsblk', 'lsblk', ['--all', '--bytes', '--output-all', '--pairs']);
  await file('cmdline', sources.cmdlinePath);
  if (sources.logFile !== '') await file('ferro-agent.log', sources.logFile);
  return gzipSync(tarArchive(files, Math.floor(Date.now() / 1000))).toString('base64');
}

/** A POSIX ustar archive of regular files (IEEE 1003.1-1988 header: 512-byte blocks, octal fields). */
export function tarArchive(files: readonly (readonly [string, Buffer])[], mtimeS: number): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of files) {
    const header = Buffer.alloc(512);
    const field = (offset: number, length: number, value: string) => {
      header.write(value, offset, length, 'ascii');
    };
    const octal = (offset: number, length: number, value: number) => {
      field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
    };
    field(0, 100, name.slice(0, 99));
    octal(100, 8, 0o644);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, data.length);
    octal(136, 12, mtimeS);
    field(148, 8, '        '); // checksum is computed with its own field as spaces
    field(156, 1, '0');
    field(257, 8, 'ustar\u000000');
    let sum = 0;
    for (const byte of header) sum += byte;
    field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // two zero blocks end the archive
  return Buffer.concat(blocks);
}
