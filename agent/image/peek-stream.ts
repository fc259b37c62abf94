/** The first bytes of a stream, and the whole stream (those bytes included) for whoever reads on. */
export interface PeekedStream {
  head: Buffer;
  rest: AsyncIterable<Buffer>;
  /** Stops the underlying stream (closes its connection) when the caller will not read `rest`. */
  stop(): Promise<void>;
}

/** Reads at least `bytes` (or the whole stream if shorter) without losing them for the next reader. */
export async function peekStream(stream: AsyncIterator<Buffer, void, undefined>, bytes: number): Promise<PeekedStream> {
  const parts: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await stream.next();
    if (next.done === true) { ended = true; break; }
    parts.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(parts);
  async function* rest(): AsyncGenerator<Buffer, void, undefined> {
    if (head.length > 0) yield head;
    if (ended) return;
    try {
      for (let next = await stream.next(); next.done !== true; next = await stream.next()) yield next.value;
    } finally {
      await stream.return?.();
    }
  }
  return { head, rest: { [Symbol.asyncIterator]: rest }, stop: async () => { await stream.return?.(); } };
}
