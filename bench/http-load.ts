import { Agent, request } from 'undici';

/** Result of a bounded load run. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends GET `path` from `concurrency` workers until `count` requests are done or `maxSeconds` pass,
 * whichever comes first (every load loop here is bounded and stops by itself).
 */
export async function loadGet(baseUrl: string, path: string, options: { concurrency: number; count: number; maxSeconds: number; headers: Record<string, string> }): Promise<LoadResult> {
  const dispatcher = new Agent({ connections: options.concurrency, keepAliveTimeout: 10_000 });
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + options.maxSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (started < options.count && performance.now() < deadline) {
      started++;
      const s = performance.now();
      try {
        const res = await request(`${baseUrl}${path}`, { method: 'GET', headers: options.headers, dispatcher });
        await res.body.arrayBuffer();
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Median wall time in ms of `rounds` sequential GETs of `path`. */
export async function medianLatency(baseUrl: string, path: string, rounds: number, headers: Record<string, string>): Promise<{ medianMs: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { headers });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    bytes = body.byteLength;
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)] ?? 0, bytes };
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
