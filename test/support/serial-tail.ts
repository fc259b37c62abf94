// Follows a lab VM's serial console log line by line and stamps each line with the host time it was read, for
// boot timing (bench/agent-lab.ts). vm.sh moves serial.log aside at every power on and QEMU writes a new file, so
// a tail started before a power on waits for a file other than the one there at the start (another inode) and
// follows that one: the console of the next boot only.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** One console line and the host time (`Date.now()`) it was read at. */
export interface ConsoleLine {
  atMs: number;
  text: string;
}

/** A running tail of the next boot's serial log. */
export interface SerialTail {
  /** Complete lines read so far, oldest first (trailing `\r` removed). */
  lines(): readonly ConsoleLine[];
  /** Host time the new log file was first seen (QEMU has started), or undefined before. */
  openedAtMs(): number | undefined;
  /** Stops polling and closes the file. */
  stop(): void;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Tails the serial log at `path` of the next power on, reading every `intervalMs` (default 20 ms: the resolution
 * of the host time stamps).
 */
export function tailNextSerialLog(path: string, options: { intervalMs?: number } = {}): SerialTail {
  const intervalMs = options.intervalMs ?? 20;
  const startInode = statSync(path, { throwIfNoEntry: false })?.ino;
  const lines: ConsoleLine[] = [];
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let fd: number | undefined;
  let openedAt: number | undefined;
  let position = 0;
  let partial = '';

  const poll = (): void => {
    if (fd === undefined) {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat === undefined || stat.ino === startInode) return;
      fd = openSync(path, 'r');
      // The file may have been replaced again between stat and open; the inode opened is the one followed.
      if (fstatSync(fd).ino === startInode) {
        closeSync(fd);
        fd = undefined;
        return;
      }
      openedAt = Date.now();
    }
    const now = Date.now();
    for (let reads = 0; reads < 256; reads += 1) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      position += n;
      const parts = (partial + buffer.subarray(0, n).toString('latin1')).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) lines.push({ atMs: now, text: part.replace(/\r+$/, '') });
    }
  };
  const timer = setInterval(poll, intervalMs);

  return {
    lines: () => lines,
    openedAtMs: () => openedAt,
    stop() {
      clearInterval(timer);
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
