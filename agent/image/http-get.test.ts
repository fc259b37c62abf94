import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSelfSignedCertificate } from '../api/self-signed-certificate.js';
import { HttpProtocolError } from './chunked-decoder.js';
import { HttpConnectionError, httpGet, type BodySink, type HttpGetOptions } from './http-get.js';

/** A sink with small reads that says "pause" every `pauseEvery` commits, resuming on the next tick. */
function collector(spaceBytes = 1000, pauseEvery = 3): BodySink & { body(): Buffer; pauses: number } {
  const parts: Buffer[] = [];
  const space = Buffer.alloc(spaceBytes);
  let commits = 0;
  const sink = {
    pauses: 0,
    space: () => space,
    commit: (bytes: number) => { parts.push(Buffer.from(space.subarray(0, bytes))); return ++commits % pauseEvery !== 0 || (sink.pauses++, false); },
    put: (bytes: Buffer) => { parts.push(Buffer.from(bytes)); return true; },
    ready: () => new Promise<void>((resolve) => { setImmediate(resolve); }),
    body: () => Buffer.concat(parts),
  };
  return sink;
}

const servers: net.Server[] = [];
afterEach(() => { for (const server of servers.splice(0)) server.close(); });

/** A TCP server that answers every connection with `respond` (raw bytes: the test writes the HTTP itself). */
async function rawServer(respond: (socket: net.Socket, request: string) => void, secure?: { certPem: string; keyPem: string }): Promise<URL> {
  const onConnection = (socket: net.Socket): void => {
    let request = '';
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      request += data.toString('latin1');
      if (request.includes('\r\n\r\n')) respond(socket, request);
    });
  };
  const server = secure === undefined ? net.createServer(onConnection) : tls.createServer({ cert: secure.certPem, key: secure.keyPem }, onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`${secure === undefined ? 'http' : 'https'}://127.0.0.1:${(server.address() as net.AddressInfo).port}/image.raw?sig=1`);
}

/** Writes `data` in pieces of random size (1..max bytes), so every parser boundary gets hit. */
async function dribble(socket: net.Socket, data: Buffer, max = 5000): Promise<void> {
  for (let at = 0; at < data.length;) {
    const n = 1 + Math.floor(Math.random() * max);
    socket.write(data.subarray(at, at + n));
    at += n;
    if (Math.random() < 0.2) await new Promise((resolve) => setImmediate(resolve));
  }
}

const options = (extra: Partial<HttpGetOptions> = {}): HttpGetOptions => ({ connectTimeoutMs: 2000, readTimeoutMs: 2000, signal: new AbortController().signal, ...extra });
const body = randomBytes(300_000);

describe('httpGet', () => {
  it('reads a Content-Length body into the sink, pausing when the sink asks, and sends Host, Range and the path', async () => {
    let seen = '';
    const url = await rawServer((socket, request) => {
      seen = request;
      void dribble(socket, Buffer.concat([Buffer.from(`HTTP/1.1 206 Partial Content\r\nContent-Length: ${body.length}\r\nETag: "x"\r\n\r\n`), body]));
    });
    const response = await httpGet(url, options({ range: { from: 5, to: 9 } }));
    expect(response.statusCode).toBe(206);
    expect(response.headers.get('etag')).toBe('"x"');
    const sink = collector();
    await response.readBody(sink);
    expect(sink.body().equals(body)).toBe(true);
    expect(sink.pauses).toBeGreaterThan(5);
    expect(seen).toMatch(/^GET \/image\.raw\?sig=1 HTTP\/1\.1\r\n/);
    expect(seen).toContain(`Host: 127.0.0.1:${url.port}\r\n`);
    expect(seen).toContain('Range: bytes=5-9\r\n');
  });

  it('decodes a chunked body cut at random places, after a 100 Continue', async () => {
    const framed = Buffer.concat([
      Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
      Buffer.from(`${(100_000).toString(16)}\r\n`), body.subarray(0, 100_000), Buffer.from('\r\n'),
      Buffer.from(`${(200_000).toString(16)};x=y\r\n`), body.subarray(100_000), Buffer.from('\r\n0\r\n\r\n'),
    ]);
    const url = await rawServer((socket) => { void dribble(socket, framed, 3000); }); // keeps the connection open
    const response = await httpGet(url, options());
    const sink = collector(4096, 2);
    await response.readBody(sink);
    expect(sink.body().equals(body)).toBe(true);
  });

  it('reads a body without length to the close, dropping the bytes asked to skip', async () => {
    const url = await rawServer((socket) => { void dribble(socket, Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\n\r\n'), body])).then(() => socket.end()); });
    const response = await httpGet(url, options());
    const sink = collector();
    await response.readBody(sink, 12_345);
    expect(sink.body().equals(body.subarray(12_345))).toBe(true);
  });

  it('fails a body cut short with a retryable ECONNRESET', async () => {
    const url = await rawServer((socket) => { socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body.subarray(0, 1000)])); });
    const response = await httpGet(url, options());
    const error = await response.readBody(collector()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpConnectionError);
    expect((error as HttpConnectionError).code).toBe('ECONNRESET');
  });

  it('times out a silent server with ETIMEDOUT', async () => {
    const url = await rawServer(() => undefined);
    const error = await httpGet(url, options({ readTimeoutMs: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpConnectionError);
    expect((error as HttpConnectionError).code).toBe('ETIMEDOUT');
  });

  it('does not time out while the sink holds the socket back', async () => {
    const url = await rawServer((socket) => {
      socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body.subarray(0, 1000)]));
      setTimeout(() => { socket.end(body.subarray(1000)); }, 50);
    });
    const response = await httpGet(url, options({ readTimeoutMs: 100 }));
    const sink = collector(body.length, 1); // pauses after every read: the first read, then once more at most
    sink.ready = () => new Promise<void>((resolve) => { setTimeout(resolve, 300); });
    await response.readBody(sink);
    expect(sink.body().equals(body)).toBe(true);
  });

  it('stops at once when the signal aborts', async () => {
    const url = await rawServer(() => undefined);
    const controller = new AbortController();
    const pending = httpGet(url, options({ signal: controller.signal }));
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });

  it.each([
    ['headers larger than 64 KiB', `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`],
    ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
  ])('refuses %s', async (_name, response) => {
    const url = await rawServer((socket) => { socket.end(response); });
    await expect(httpGet(url, options())).rejects.toBeInstanceOf(HttpProtocolError);
  });

  it('speaks https, verifying the server against the trusted certificates', async () => {
    const certificate = generateSelfSignedCertificate('127.0.0.1', Date.now());
    const url = await rawServer((socket) => { socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body])); }, certificate);
    const response = await httpGet(url, options({ ca: certificate.certPem }));
    const sink = collector(100_000, 1000);
    await response.readBody(sink);
    expect(sink.body().equals(body)).toBe(true);
    await expect(httpGet(url, options())).rejects.toThrow(/self-signed|self signed/);
  });
});
