// Option negotiation for a read request: blksize (RFC 2348), timeout and tsize (RFC 2349), windowsize
// (RFC 7440). Unknown or out-of-range options are left out of the OACK, which RFC 2347 §3 allows: the
// client then uses the default for them.

/** What the server allows; the client may ask for less, never for more. */
export interface TftpOptionLimits {
  /** Largest blksize granted (RFC 2348: 8..65464). */
  readonly blksizeMax: number;
  /** Largest windowsize granted (RFC 7440: 1..65535). */
  readonly windowsizeMax: number;
  /** Retransmission timeout when the client sends no `timeout` option. */
  readonly timeoutMs: number;
}

/** The parameters a transfer runs with, and the OACK that announces them (empty: no OACK). */
export interface NegotiatedOptions {
  readonly blksize: number;
  readonly windowsize: number;
  readonly timeoutMs: number;
  readonly oack: ReadonlyMap<string, string>;
}

/** RFC 1350 §2: without options a block is 512 bytes and the window is one block. */
export const DEFAULT_BLKSIZE = 512;
const MIN_BLKSIZE = 8;
const MAX_BLKSIZE = 65_464;

const DECIMAL = /^[0-9]{1,10}$/;

function parseDecimal(value: string): number | undefined {
  return DECIMAL.test(value) ? Number(value) : undefined;
}

/**
 * Grants what the client asked for, within `limits`. `sizeBytes` answers tsize (RFC 2349 §3: in a read
 * request the client sends 0 and the server replies with the size).
 */
export function negotiateOptions(
  requested: ReadonlyMap<string, string>,
  sizeBytes: number,
  limits: TftpOptionLimits,
): NegotiatedOptions {
  const oack = new Map<string, string>();
  let blksize = DEFAULT_BLKSIZE;
  let windowsize = 1;
  let timeoutMs = limits.timeoutMs;
  for (const [name, value] of requested) {
    const n = parseDecimal(value);
    if (n === undefined) continue;
    if (name === 'blksize' && n >= MIN_BLKSIZE) {
      // RFC 2348 §2: values above 65464 are invalid, but granting our cap is the useful answer.
      blksize = Math.min(n, MAX_BLKSIZE, limits.blksizeMax);
      oack.set(name, String(blksize));
    } else if (name === 'windowsize' && n >= 1 && n <= 65_535) {
      windowsize = Math.min(n, limits.windowsizeMax);
      oack.set(name, String(windowsize));
    } else if (name === 'timeout' && n >= 1 && n <= 255) {
      // RFC 2349 §2: seconds, 1..255; the server must echo exactly what was asked.
      timeoutMs = n * 1000;
      oack.set(name, String(n));
    } else if (name === 'tsize' && n === 0) {
      oack.set(name, String(sizeBytes));
    }
  }
  return { blksize, windowsize, timeoutMs, oack };
}
