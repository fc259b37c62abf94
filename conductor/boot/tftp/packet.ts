// TFTP packets (RFC 1350 §5, options RFC 2347 §2-3): plain data, a strict decoder and the encoders.
// The decoder never throws: every malformed datagram becomes a `TftpDecodeFailure` with a reason.

/** Opcodes (RFC 1350 §5; OACK is RFC 2347 §3). */
export const TftpOpcode = { Rrq: 1, Wrq: 2, Data: 3, Ack: 4, Error: 5, Oack: 6 } as const;
export type TftpOpcode = (typeof TftpOpcode)[keyof typeof TftpOpcode];

/** Error codes (RFC 1350 Appendix; 8 is RFC 2347 §4). */
export const TftpErrorCode = {
  NotDefined: 0,
  FileNotFound: 1,
  AccessViolation: 2,
  DiskFull: 3,
  IllegalOperation: 4,
  UnknownTransferId: 5,
  FileExists: 6,
  NoSuchUser: 7,
  OptionRefused: 8,
} as const;
export type TftpErrorCode = (typeof TftpErrorCode)[keyof typeof TftpErrorCode];

/** A read or write request; option names are lower-cased (RFC 2347 §2: case-insensitive). */
export interface TftpRequest {
  readonly op: 'rrq' | 'wrq';
  readonly filename: string;
  /** Lower-cased: `octet`, `netascii` or `mail` (RFC 1350 §5). */
  readonly mode: string;
  /** Options in the order received, names lower-cased, values as sent. */
  readonly options: ReadonlyMap<string, string>;
}

/** Any decoded TFTP packet. */
export type TftpPacket =
  | TftpRequest
  | { readonly op: 'data'; readonly block: number; readonly data: Uint8Array }
  | { readonly op: 'ack'; readonly block: number }
  | { readonly op: 'error'; readonly code: number; readonly message: string }
  | { readonly op: 'oack'; readonly options: ReadonlyMap<string, string> };

/** Why a datagram is not a TFTP packet. */
export interface TftpDecodeFailure {
  readonly op: 'invalid';
  readonly reason: string;
}

/** Longest packet we decode: blksize 65464 (RFC 2348 §2) + 4 header bytes. */
export const MAX_PACKET_BYTES = 65_468;
/** Longest filename, mode, option name or value we accept; real names are far shorter. */
const MAX_STRING_BYTES = 1024;
/** RFC 2347 §2 caps a request at 512 bytes, but some clients exceed it; this is our hard bound. */
const MAX_OPTIONS = 32;

const invalid = (reason: string): TftpDecodeFailure => ({ op: 'invalid', reason });

/** Decodes one datagram; anything malformed comes back as `{ op: 'invalid', reason }`. */
export function decodeTftpPacket(bytes: Uint8Array): TftpPacket | TftpDecodeFailure {
  if (bytes.length < 4) return invalid(`datagram of ${bytes.length} bytes is shorter than any TFTP packet`);
  if (bytes.length > MAX_PACKET_BYTES) return invalid(`datagram of ${bytes.length} bytes exceeds ${MAX_PACKET_BYTES}`);
  const opcode = readUint16(bytes, 0);
  switch (opcode) {
    case TftpOpcode.Rrq:
    case TftpOpcode.Wrq:
      return decodeRequest(bytes, opcode === TftpOpcode.Rrq ? 'rrq' : 'wrq');
    case TftpOpcode.Data:
      return { op: 'data', block: readUint16(bytes, 2), data: bytes.subarray(4) };
    case TftpOpcode.Ack:
      return bytes.length === 4 ? { op: 'ack', block: readUint16(bytes, 2) } : invalid('ACK must be 4 bytes');
    case TftpOpcode.Error:
      return decodeError(bytes);
    case TftpOpcode.Oack: {
      const strings = splitStrings(bytes, 2);
      if (typeof strings === 'string') return invalid(strings);
      const options = pairOptions(strings);
      return typeof options === 'string' ? invalid(options) : { op: 'oack', options };
    }
    default:
      return invalid(`unknown opcode ${opcode}`);
  }
}

function decodeRequest(bytes: Uint8Array, op: 'rrq' | 'wrq'): TftpRequest | TftpDecodeFailure {
  const strings = splitStrings(bytes, 2);
  if (typeof strings === 'string') return invalid(strings);
  const [filename, mode, ...rest] = strings;
  if (filename === undefined || mode === undefined) return invalid('request lacks a filename or a mode');
  if (filename === '') return invalid('empty filename');
  const options = pairOptions(rest);
  if (typeof options === 'string') return invalid(options);
  return { op, filename, mode: mode.toLowerCase(), options };
}

function decodeError(bytes: Uint8Array): TftpPacket | TftpDecodeFailure {
  const code = readUint16(bytes, 2);
  // Some stacks omit the terminating NUL of ErrMsg; accept that, it is only a message.
  const end = bytes.indexOf(0, 4);
  const text = bytes.subarray(4, end === -1 ? Math.min(bytes.length, 4 + MAX_STRING_BYTES) : end);
  return { op: 'error', code, message: Buffer.from(text).toString('latin1') };
}

/** NUL-terminated strings from `start` to the end (RFC 1350 §5); a string is returned on error. */
function splitStrings(bytes: Uint8Array, start: number): string[] | string {
  const strings: string[] = [];
  let at = start;
  while (at < bytes.length) {
    const end = bytes.indexOf(0, at);
    if (end === -1) return 'string field is not NUL-terminated';
    if (end - at > MAX_STRING_BYTES) return `string field longer than ${MAX_STRING_BYTES} bytes`;
    if (strings.length >= 2 + 2 * MAX_OPTIONS) return `more than ${MAX_OPTIONS} options`;
    // latin1 maps every byte to one char, so names round-trip and a NUL can never hide in them.
    strings.push(Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('latin1'));
    at = end + 1;
  }
  return strings;
}

/** Pairs option names and values; names lower-cased (RFC 2347 §2), a repeated name is an error. */
function pairOptions(strings: readonly string[]): Map<string, string> | string {
  if (strings.length % 2 !== 0) return 'option without a value';
  const options = new Map<string, string>();
  for (let i = 0; i < strings.length; i += 2) {
    const name = (strings[i] ?? '').toLowerCase();
    if (name === '') return 'empty option name';
    if (options.has(name)) return `option ${name} given twice`;
    options.set(name, strings[i + 1] ?? '');
  }
  return options;
}

function readUint16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function header(opcode: number, second: number, extra: number): Buffer {
  const out = Buffer.allocUnsafe(4 + extra);
  out.writeUInt16BE(opcode, 0);
  out.writeUInt16BE(second & 0xffff, 2);
  return out;
}

/** DATA header for `block` (RFC 1350 §5); send it with the payload as a second buffer to avoid a copy. */
export function encodeDataHeader(block: number): Buffer {
  return header(TftpOpcode.Data, block, 0);
}

/** A whole DATA packet (tests and clients). */
export function encodeData(block: number, data: Uint8Array): Buffer {
  const out = header(TftpOpcode.Data, block, data.length);
  out.set(data, 4);
  return out;
}

/** ACK for `block` (RFC 1350 §5). */
export function encodeAck(block: number): Buffer {
  return header(TftpOpcode.Ack, block, 0);
}

/** ERROR packet (RFC 1350 §5); the message is ASCII, truncated to 255 bytes. */
export function encodeError(code: TftpErrorCode, message: string): Buffer {
  const text = Buffer.from(message.slice(0, 255), 'latin1');
  const out = header(TftpOpcode.Error, code, text.length + 1);
  out.set(text, 4);
  out[out.length - 1] = 0;
  return out;
}

/** OACK with the accepted options (RFC 2347 §3). */
export function encodeOack(options: ReadonlyMap<string, string>): Buffer {
  return Buffer.concat([Buffer.from([0, TftpOpcode.Oack]), encodeStrings([...options].flat())]);
}

/** RRQ or WRQ (tests and clients). */
export function encodeRequest(
  request: Omit<TftpRequest, 'options'> & { options?: ReadonlyMap<string, string> },
): Buffer {
  const opcode = request.op === 'rrq' ? TftpOpcode.Rrq : TftpOpcode.Wrq;
  const strings = [request.filename, request.mode, ...[...(request.options ?? new Map<string, string>())].flat()];
  return Buffer.concat([Buffer.from([0, opcode]), encodeStrings(strings)]);
}

function encodeStrings(strings: readonly string[]): Buffer {
  return Buffer.concat(strings.map((s) => Buffer.from(`${s}\0`, 'latin1')));
}
