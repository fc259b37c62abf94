/** The first bytes of a stream, and the whole stream (those bytes included) for whoever reads on. */
export interface PeekedStream {
  /** A copy of the first bytes (at most `bytes` of them). */
  head: Buffer;
  rest: AsyncIterable<Buffer>;
  /** Stops the underlying stream (closes its connection) when the caller will not read `rest`. */
  stop(): Promise<void>;
}

/**
 * Reads at least `bytes` (or the whole stream if shorter) without losing them for the next reader. When the
 * first chunk is long enough (a whole download slot, normally) it is handed on unchanged, so that it stays
 * pool memory the writer can use in place; shorter first chunks are copied, as chunks are only valid until
 * the next one is read.
 */
export async function peekStream(stream: AsyncIterator<Buffer, void, undefined>, bytes: number): Promise<PeekedStream> {
  const first: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await stream.next();
    if (next.done === true) { ended = true; break; }
    first.push(next.value);
    size += next.value.length;
    if (size < bytes) first[first.length - 1] = Buffer.from(next.value);
  }
  const head = first.length === 1 ? Buffer.from((first[0] as Buffer).subarray(0, bytes)) : Buffer.concat(first).subarray(0, bytes);
  async function* rest(): AsyncGenerator<Buffer, void, undefined> {
    yield* first;
    if (ended) return;
    try {
      for (let next = await stream.next(); next.done !== true; next = await stream.next()) yield next.value;
    } finally {
      await stream.return?.();
    }
  }
  return { head, rest: { [Symbol.asyncIterator]: rest }, stop: async () => { await stream.return?.(); } };
}
