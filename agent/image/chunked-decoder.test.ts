import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkedDecoder, HttpProtocolError } from './chunked-decoder.js';

/** `body` framed as chunked, in chunks of the given sizes, with an extension and a trailer. */
function chunked(body: Buffer, sizes: number[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < body.length; i++) {
    const n = Math.min(sizes[i % sizes.length] ?? 1, body.length - at);
    parts.push(Buffer.from(`${n.toString(16)}${i % 3 === 0 ? ';name=value' : ''}\r\n`), body.subarray(at, at + n), Buffer.from('\r\n'));
    at += n;
  }
  parts.push(Buffer.from('0\r\nX-Trailer: yes\r\n\r\n'));
  return Buffer.concat(parts);
}

/** Runs `wire` through a decoder in pieces of `piece` bytes, each decoded in place, and joins the output. */
function decodeInPieces(wire: Buffer, piece: number): { body: Buffer; done: boolean } {
  const decoder = new ChunkedDecoder();
  const out: Buffer[] = [];
  for (let at = 0; at < wire.length; at += piece) {
    const copy = Buffer.from(wire.subarray(at, at + piece)); // decoded in place: the caller's memory changes
    out.push(copy.subarray(0, decoder.decode(copy)));
  }
  return { body: Buffer.concat(out), done: decoder.done };
}

describe('ChunkedDecoder', () => {
  const body = randomBytes(50_000);
  const wire = chunked(body, [1, 4096, 17, 9999, 3]);

  it.each([1, 2, 3, 7, 100, 4096, 65_536])('decodes a body split into pieces of %i bytes, framing lines cut anywhere', (piece) => {
    const result = decodeInPieces(wire, piece);
    expect(result.body.equals(body)).toBe(true);
    expect(result.done).toBe(true);
  });

  it('is not done before the last chunk and its trailer', () => {
    expect(decodeInPieces(wire.subarray(0, wire.length - 2), 1000).done).toBe(false);
  });

  it('ignores bytes after the end', () => {
    expect(decodeInPieces(Buffer.concat([wire, Buffer.from('garbage')]), 333).body.equals(body)).toBe(true);
  });

  it.each([
    ['a size that is not hex', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['chunk data longer than its size', '2\r\nabc\r\n0\r\n\r\n'],
    ['an endless size line', '1'.repeat(5000)],
  ])('refuses %s', (_name, text) => {
    expect(() => new ChunkedDecoder().decode(Buffer.from(text))).toThrow(HttpProtocolError);
  });
});
