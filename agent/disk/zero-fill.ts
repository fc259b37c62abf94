import { open } from 'node:fs/promises';

const MIB = 1024 * 1024;
/** Write size of a full overwrite: large writes keep a ramdisk's CPU out of the way of the disk. */
const CHUNK_BYTES = 4 * MIB;
/** Flush every this many bytes so dirty pages never fill the ramdisk's memory. */
const SYNC_EVERY_BYTES = 256 * MIB;

/**
 * Zeroes the first and last MiB of `path` (IPA destroy_disk_metadata: the primary GPT and MBR at the
 * start, the backup GPT at the end), then flushes. Works on block devices and regular files alike.
 */
export async function zeroDiskEnds(path: string, sizeBytes: number): Promise<void> {
  const length = Math.min(MIB, sizeBytes);
  const zeros = Buffer.alloc(length);
  const handle = await open(path, 'r+');
  try {
    await writeFully(handle, zeros, 0);
    if (sizeBytes > length) await writeFully(handle, zeros, sizeBytes - length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Overwrites all of `path` with zeros (Ferro's stand-in for IPA's `shred --zero`): one pass of large writes,
 * flushed every 256 MiB; reports "<done> of <total> MiB" about every 5 %. Checks `signal` between writes.
 */
export async function zeroWholeDisk(
  path: string,
  sizeBytes: number,
  signal: AbortSignal,
  progress: (doneMiB: number, totalMiB: number) => void,
): Promise<void> {
  const zeros = Buffer.alloc(CHUNK_BYTES);
  const reportEvery = Math.max(64 * MIB, Math.floor(sizeBytes / 20));
  const handle = await open(path, 'r+');
  try {
    let lastReport = 0;
    let lastSync = 0;
    for (let offset = 0; offset < sizeBytes;) {
      signal.throwIfAborted();
      const length = Math.min(CHUNK_BYTES, sizeBytes - offset);
      await writeFully(handle, zeros.subarray(0, length), offset);
      offset += length;
      if (offset - lastSync >= SYNC_EVERY_BYTES) {
        await handle.datasync();
        lastSync = offset;
      }
      if (offset - lastReport >= reportEvery || offset === sizeBytes) {
        progress(Math.floor(offset / MIB), Math.ceil(sizeBytes / MIB));
        lastReport = offset;
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeFully(handle: Awaited<ReturnType<typeof open>>, data: Buffer, position: number): Promise<void> {
  for (let done = 0; done < data.length;) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`short write at byte ${position + done}`);
    done += bytesWritten;
  }
}
