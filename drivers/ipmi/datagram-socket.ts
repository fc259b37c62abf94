import { createSocket, type Socket } from 'node:dgram';

/** Receives the datagrams one BMC (address and port) sends to this socket. */
export type DatagramListener = (datagram: Buffer) => void;

/** Options of a datagram socket. */
export interface DatagramSocketOptions {
  type: 'udp4' | 'udp6';
  /** Local address to bind; default all interfaces. Tests bind 127.0.0.1. */
  bindAddress?: string | undefined;
  /** SO_RCVBUF in bytes, for sweeps that poll thousands of BMCs at once; default the kernel's. */
  receiveBufferBytes?: number | undefined;
  /** Socket errors after bind (rare for UDP); the socket stays usable. */
  onError?: ((error: Error) => void) | undefined;
}

/**
 * One UDP socket shared by every session of a client, demultiplexed by the sender's address and port: BMCs
 * answer from the port we sent to, so `address:port` identifies the BMC. Binds lazily on first use.
 */
export class DatagramSocket {
  private readonly listeners = new Map<string, Set<DatagramListener>>();
  private opening: Promise<Socket> | undefined;
  private closed = false;

  constructor(private readonly options: DatagramSocketOptions) {}

  /** Sends one datagram; resolves when the kernel took it. */
  async send(datagram: Buffer, address: string, port: number): Promise<void> {
    const socket = await this.open();
    await new Promise<void>((resolve, reject) => {
      socket.send(datagram, port, address, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Calls `listener` for every datagram from address:port until the returned function is called. */
  subscribe(address: string, port: number, listener: DatagramListener): () => void {
    const key = `${address}|${port}`;
    const set = this.listeners.get(key) ?? new Set<DatagramListener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  /** The local port, once bound (tests and logs). */
  async localPort(): Promise<number> {
    return (await this.open()).address().port;
  }

  /** Closes the socket; later sends fail. */
  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    if (!opening) return;
    const socket = await opening.catch(() => undefined);
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    this.listeners.clear();
  }

  private open(): Promise<Socket> {
    if (this.closed) return Promise.reject(new Error('IPMI datagram socket is closed'));
    this.opening ??= new Promise<Socket>((resolve, reject) => {
      const socket = createSocket({
        type: this.options.type,
        ...(this.options.receiveBufferBytes ? { recvBufferSize: this.options.receiveBufferBytes } : {}),
      });
      socket.once('error', reject);
      socket.on('message', (datagram, remote) => this.dispatch(datagram, remote.address, remote.port));
      socket.bind({ port: 0, ...(this.options.bindAddress ? { address: this.options.bindAddress } : {}) }, () => {
        socket.off('error', reject);
        socket.on('error', (error) => this.options.onError?.(error));
        resolve(socket);
      });
    });
    return this.opening;
  }

  private dispatch(datagram: Buffer, address: string, port: number): void {
    const set = this.listeners.get(`${address}|${port}`);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(datagram);
      } catch (error) {
        // A listener bug must not take the socket (and every other BMC's session) down with it.
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
