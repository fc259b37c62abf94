/** Tunables of writeImage; every one has a default (the agent's config may override them). */
export interface WriteImageOptions {
  /** Attempts per URL after a connection error or 5xx before moving on (IPA image_download_connection_retries). */
  retries: number;
  /** Pause between attempts (IPA image_download_connection_retry_interval). */
  retryDelayMs: number;
  /** TCP/TLS connect timeout (IPA image_download_connect_timeout… via requests' timeout tuple). */
  connectTimeoutMs: number;
  /** Longest silence while waiting for headers or between body chunks before the attempt counts as failed. */
  readTimeoutMs: number;
  /** Accept a 32-hex-digit legacy `checksum` as MD5 (IPA/Ironic [agent]allow_md5_checksum, off by default). */
  allowMd5: boolean;
  /** All-zero blocks of this size (aligned on the target) are not written; a power of two, >= 4096. */
  zeroBlockBytes: number;
  /** Zero runs at least this long on a block device are zeroed with BLKZEROOUT instead of written. */
  zeroOutMinBytes: number;
  /** Bytes handed to the kernel and not yet acknowledged; bounds memory while writes overlap the download. */
  maxInFlightBytes: number;
  /**
   * Memory the download is read into (4 MiB slots, a multiple of 4 MiB): how far it may run ahead of the hash
   * and the writes. Compressed images get 24 MiB more for the decompressed bytes.
   */
  downloadBufferBytes: number;
  /**
   * fdatasync in the background after this many buffered bytes (a target that refuses O_DIRECT), so the disk
   * writes while the download goes on. Every 32 MiB was slower on a loop device (each fdatasync also syncs the
   * backing file): 256 MiB, bench/image-write.ts. O_DIRECT writes leave nothing to sync until the end.
   */
  syncEveryBytes: number;
  /** Where the qcow2 fallback (server without Range) keeps its temporary copy (IPA uses tmpfs, i.e. RAM). */
  tmpDir: string;
  /** Minimum interval between ctx.progress calls. */
  progressIntervalMs: number;
  /** The clock used for progress and `seconds` (tests pass a fake). */
  now: () => number;
  /** Sleeps between retries; tests pass one that returns at once. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** IPA's defaults: 9 attempts 10 s apart, 60 s connect timeout; Ferro's choices for the rest (bench/image-write.ts). */
export const DEFAULT_WRITE_IMAGE_OPTIONS: Readonly<WriteImageOptions> = {
  retries: 9,
  retryDelayMs: 10_000,
  connectTimeoutMs: 60_000,
  readTimeoutMs: 60_000,
  allowMd5: false,
  zeroBlockBytes: 64 * 1024,
  zeroOutMinBytes: 1024 * 1024,
  maxInFlightBytes: 32 * 1024 * 1024,
  downloadBufferBytes: 32 * 1024 * 1024,
  syncEveryBytes: 256 * 1024 * 1024,
  tmpDir: '/tmp',
  progressIntervalMs: 1000,
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) { reject(signal.reason as Error); return; }
      const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
      const onAbort = (): void => { clearTimeout(timer); reject(signal.reason as Error); };
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};
