/** A response body that breaks HTTP/1.1 framing (RFC 9112): not worth another attempt at the same URL. */
export class HttpProtocolError extends Error {}

/** Longest chunk-size line (with extensions) or trailer line accepted. */
const MAX_LINE_BYTES = 4096;

const LF = 0x0a;

/**
 * Removes the framing of `Transfer-Encoding: chunked` (RFC 9112 §7.1) in place: each call compacts the data
 * bytes of a piece of the stream to the piece's start and returns their count, so the body ends up in the
 * memory it was read into. Chunk extensions and trailers are read and ignored.
 */
export class ChunkedDecoder {
  /** The terminating chunk and the trailer section have been read. */
  done = false;
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  private line = '';
  private remaining = 0;

  /** Decodes `bytes` (the stream's next bytes); returns how many body bytes now start `bytes`. */
  decode(bytes: Buffer): number {
    let out = 0;
    let at = 0;
    while (at < bytes.length && !this.done) {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, bytes.length - at);
        if (out !== at) bytes.copyWithin(out, at, at + n);
        out += n;
        at += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const end = bytes.indexOf(LF, at);
      const stop = end < 0 ? bytes.length : end;
      this.line += bytes.toString('latin1', at, stop);
      if (this.line.length > MAX_LINE_BYTES) throw new HttpProtocolError('chunked body: a framing line is too long');
      at = stop;
      if (end < 0) break;
      at++; // the LF
      this.endLine(this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line);
      this.line = '';
    }
    return out; // bytes after the last chunk are ignored: the connection closes after one response
  }

  private endLine(line: string): void {
    switch (this.state) {
      case 'size': {
        const size = /^([0-9a-fA-F]{1,13})[ \t]*(;.*)?$/.exec(line)?.[1];
        if (size === undefined) throw new HttpProtocolError(`chunked body: bad chunk size line ${JSON.stringify(line.slice(0, 40))}`);
        this.remaining = parseInt(size, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
        return;
      }
      case 'data-end':
        if (line !== '') throw new HttpProtocolError('chunked body: chunk data longer than its size');
        this.state = 'size';
        return;
      case 'trailer':
        if (line === '') this.done = true;
        return;
      case 'data':
        return; // not reached: data bytes never form lines
    }
  }
}
