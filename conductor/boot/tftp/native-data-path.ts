// The native data path (native/addon.c, built by `npm run build:dhcp-native`): once a request is accepted,
// its transfer runs on a thread of its own in C, sending windows with sendmmsg or UDP GSO. Node's dgram
// makes one system call per datagram and serves every transfer from one event loop, which left Ferro
// behind in.tftpd (docs/benchmarks.md, TFTP). The addon is optional: without it the JS data path serves.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TftpClient, TftpFileBacking } from './file-source.js';
import type { DataPathTransfer, TransferResult } from './data-path.js';
import type { TransferOutcome } from './transfer.js';

/** An accepted read with its negotiated options. */
export interface NativeTransferParams {
  readonly backing: TftpFileBacking;
  readonly sizeBytes: number;
  /** The listening address; the transfer's socket binds it with an ephemeral port (its TID). */
  readonly localAddress: string;
  readonly client: TftpClient;
  readonly blksize: number;
  readonly windowsize: number;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** The OACK datagram, or empty to send block 1 at once (RFC 2347 §3). */
  readonly oack: Uint8Array;
}

/** Starts transfers on the addon's threads. */
export interface NativeDataPath {
  /** Binds the transfer's socket (throws when that fails) and starts its thread. */
  start(params: NativeTransferParams): DataPathTransfer;
}

interface Addon {
  startTransfer(options: object): unknown;
  abortTransfer(handle: unknown, message: string): void;
}

const OUTCOMES: readonly TransferOutcome[] = [
  'complete',
  'timeout',
  'client-error',
  'protocol-error',
  'read-error',
  'aborted',
];

/** Where the build puts the addon, from source (tsx) or from dist/. */
export function nativeDataPathCandidates(): string[] {
  const built = join('native', 'build', 'Release', 'tftp_data_path.node');
  return [
    join(fileURLToPath(new URL('.', import.meta.url)), built),
    join(process.cwd(), 'conductor', 'boot', 'tftp', built),
  ];
}

/** The addon, or undefined when it is not built (the JS data path then serves everything). */
export function loadNativeDataPath(): NativeDataPath | undefined {
  const path = nativeDataPathCandidates().find((p) => existsSync(p));
  if (path === undefined) return undefined;
  const loaded: unknown = createRequire(import.meta.url)(path);
  if (!isAddon(loaded)) throw new Error(`${path} is not the TFTP data path addon; rebuild it`);
  return { start: (params) => startNative(loaded, params) };
}

function isAddon(value: unknown): value is Addon {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.startTransfer === 'function' && typeof candidate.abortTransfer === 'function';
}

function startNative(addon: Addon, params: NativeTransferParams): DataPathTransfer {
  let settle: (result: TransferResult) => void = () => undefined;
  const finished = new Promise<TransferResult>((resolve) => (settle = resolve));
  const onEnd = (outcome: unknown, ackedBlocks: unknown): void => {
    const known = OUTCOMES.find((o) => o === outcome) ?? 'aborted';
    settle({ outcome: known, ackedBlocks: typeof ackedBlocks === 'number' ? ackedBlocks : 0 });
  };
  const handle = addon.startTransfer({
    ...('descriptor' in params.backing ? { fd: params.backing.descriptor } : { bytes: params.backing.bytes }),
    sizeBytes: params.sizeBytes,
    localAddress: params.localAddress,
    clientAddress: params.client.address,
    clientPort: params.client.port,
    blksize: params.blksize,
    windowsize: params.windowsize,
    timeoutMs: params.timeoutMs,
    maxRetries: params.maxRetries,
    oack: params.oack,
    onEnd,
  });
  return {
    finished,
    abort: (message) => addon.abortTransfer(handle, message.slice(0, 255)),
  };
}
