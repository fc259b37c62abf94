/** An inclusive byte range of a file, as in `Content-Range: bytes start-end/size`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** How to answer a request's Range header (RFC 9110 §14). */
export type RangeAnswer = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const DIGITS = /^\d+$/;

function toInt(text: string): number | undefined {
  if (!DIGITS.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Interprets a Range header for a file of `sizeBytes`. One range (`a-b`, `a-`, `-n`) gives a partial answer;
 * no header, another unit, a malformed value or several ranges give the whole file, which RFC 9110 §14.2
 * allows a server to do (firmware asks for one range at a time, and multipart bodies would only cost).
 */
export function parseRange(header: string | undefined, sizeBytes: number): RangeAnswer {
  if (header === undefined) return { kind: 'full' };
  const match = /^bytes=\s*([^,]*?)\s*$/i.exec(header);
  if (match === null) return { kind: 'full' };
  const spec = match[1] ?? '';
  const dash = spec.indexOf('-');
  if (dash < 0) return { kind: 'full' };
  const first = spec.slice(0, dash);
  const last = spec.slice(dash + 1);
  if (first === '') {
    const suffix = toInt(last);
    if (suffix === undefined) return { kind: 'full' };
    if (suffix === 0 || sizeBytes === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 } };
  }
  const start = toInt(first);
  const end = last === '' ? sizeBytes - 1 : toInt(last);
  if (start === undefined || end === undefined || (last !== '' && end < start)) return { kind: 'full' };
  if (start >= sizeBytes) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end: Math.min(end, sizeBytes - 1) } };
}
