// Clients of the HTTP boot bench: curl for bulk downloads (an outside client, like iPXE), and a python3
// http.server as the reference server. Every process here is started by this module and stopped by its PID.
import { execFile, spawn, type ChildProcess } from 'node:child_process';

/** One curl download: bytes received and seconds taken. */
export interface Download {
  bytes: number;
  seconds: number;
}

/** Downloads `url` to /dev/null with curl; rejects unless it answered 200 or 206. */
export function curlDownload(url: string, headers: readonly string[] = []): Promise<Download> {
  const args = ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', ...headers.flatMap((h) => ['-H', h]), url];
  return new Promise((resolve, reject) => {
    execFile('curl', args, { timeout: 120_000 }, (error, stdout) => {
      const [code, bytes, seconds] = stdout.trim().split(' ');
      if (error !== null || (code !== '200' && code !== '206')) reject(new Error(`curl ${url}: ${code ?? ''} ${error?.message ?? ''}`));
      else resolve({ bytes: Number(bytes), seconds: Number(seconds) });
    });
  });
}

/** MB/s (10^6 bytes per second) of the median of `rounds` sequential downloads. */
export async function medianThroughput(url: string, rounds: number): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const d = await curlDownload(url);
    rates.push(d.bytes / d.seconds / 1e6);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
}

/** Aggregate MB/s of `parallel` simultaneous downloads of `url` (total bytes over wall time). */
export async function parallelThroughput(url: string, parallel: number): Promise<number> {
  const t0 = performance.now();
  const downloads = await Promise.all(Array.from({ length: parallel }, () => curlDownload(url)));
  const seconds = (performance.now() - t0) / 1000;
  return downloads.reduce((sum, d) => sum + d.bytes, 0) / seconds / 1e6;
}

/** python3 -m http.server on 127.0.0.1:`port` serving `root`. */
export interface ReferenceServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the reference server and waits (bounded) until it answers. */
export async function startPythonHttpServer(root: string, port: number): Promise<ReferenceServer> {
  const child: ChildProcess = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], { stdio: 'ignore' });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${String(port)}`;
  for (let i = 0; i < 100; i += 1) {
    if (await fetch(`${url}/`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
