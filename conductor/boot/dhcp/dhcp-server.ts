import type { Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { isoTimestamp, type Clock, type Logger } from '../../../core/index.js';
import type { Arrival, DhcpContext } from './dhcp-context.js';
import type { DhcpHostReader } from './dhcp-host-reader.js';
import { parseDhcpPacket } from './dhcp-packet.js';
import type { DhcpSettings } from './dhcp-settings.js';
import { handleDhcpMessage } from './handle-dhcp-message.js';
import type { LeaseStore } from './lease-store.js';
import { restoreLeases } from './restore-leases.js';
import { serializeDhcpPacket } from './serialize-dhcp-packet.js';
import { createServedSubnets } from './served-subnet.js';

/** What the server needs; `openSocket` is the interface-bound socket factory (tests may pass another). */
export interface DhcpServerOptions {
  settings: DhcpSettings;
  hosts: DhcpHostReader;
  leases: LeaseStore;
  clock: Clock;
  log: Logger;
  openSocket: (device: string, port: number) => Promise<Socket>;
  /** IPv4 address of an interface; defaults to os.networkInterfaces(). */
  interfaceAddress?: (device: string) => string | undefined;
  /** How often expired leases are removed from the store. */
  sweepIntervalMs?: number;
}

/** A running DHCP server. */
export interface DhcpServer {
  /** Interface name -> server identifier (its IPv4 address). */
  readonly addresses: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

/** A DHCP server that cannot start: an interface without IPv4, a port in use, no permission. */
export class DhcpStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DhcpStartError';
  }
}

/**
 * Starts serving: one socket per configured interface on port 67 (and 4011 in proxy mode), each bound to its
 * device so a request's interface, hence its subnet and server identifier, is known. Leases are restored
 * from the store first. Throws DhcpStartError naming the interface and the cause.
 */
export async function startDhcpServer(options: DhcpServerOptions): Promise<DhcpServer> {
  const addresses = interfaceAddresses(options);
  const ctx: DhcpContext = {
    settings: options.settings,
    hosts: options.hosts,
    leases: options.leases,
    clock: options.clock,
    log: options.log,
    subnets: createServedSubnets(options.settings, [...addresses.values()], options.clock),
  };
  await restoreLeases(ctx);
  const inFlight = new Set<Promise<void>>();
  const sockets = await openSockets(options, addresses, (socket, arrival, bytes) => {
    const work = answer(ctx, socket, bytes, arrival).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  const sweep = setInterval(() => void sweepExpired(ctx), options.sweepIntervalMs ?? 60_000);
  sweep.unref();
  options.log.info({ mode: options.settings.mode, interfaces: Object.fromEntries(addresses) }, 'dhcp server ready');
  return {
    addresses,
    stop: async () => {
      clearInterval(sweep);
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await Promise.all(inFlight);
    },
  };
}

/** Each configured interface's IPv4 address: the server identifier there (RFC 2131 §4.3.1). */
function interfaceAddresses(options: DhcpServerOptions): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const device of options.settings.interfaces) {
    const address = (options.interfaceAddress ?? ipv4Of)(device);
    if (address === undefined)
      throw new DhcpStartError(`DHCP interface ${device} does not exist or has no IPv4 address`);
    addresses.set(device, address);
  }
  return addresses;
}

/** Port 67 on every interface (and 4011 for proxyDHCP); all or none: a failure closes those already open. */
async function openSockets(
  options: DhcpServerOptions,
  addresses: ReadonlyMap<string, string>,
  onMessage: (socket: Socket, arrival: Arrival, bytes: Buffer) => void,
): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const ports = options.settings.mode === 'proxy' ? [67, 4011] : [67];
  try {
    for (const [device, serverAddress] of addresses) {
      for (const port of ports) {
        const socket = await options.openSocket(device, port).catch((error: unknown) => {
          const why = error instanceof Error ? error.message : String(error);
          throw new DhcpStartError(`cannot serve DHCP on ${device} port ${port}: ${why}`, { cause: error });
        });
        sockets.push(socket);
        socket.on('message', (bytes, from) => {
          const arrival = {
            interfaceName: device,
            serverAddress,
            port,
            sourceAddress: from.address,
            sourcePort: from.port,
          };
          onMessage(socket, arrival, bytes);
        });
        socket.on('error', (error) => options.log.error({ err: error, device, port }, 'dhcp socket error'));
      }
    }
  } catch (error) {
    for (const s of sockets) s.close();
    throw error;
  }
  return sockets;
}

/** Parses, answers and sends; a malformed packet or a failing handler is logged, never thrown. */
async function answer(ctx: DhcpContext, socket: Socket, bytes: Buffer, arrival: Arrival): Promise<void> {
  const parsed = parseDhcpPacket(bytes);
  if (!parsed.ok) {
    ctx.log.debug({ from: arrival.sourceAddress, reason: parsed.reason }, 'malformed dhcp packet dropped');
    return;
  }
  try {
    const out = await handleDhcpMessage(ctx, parsed.packet, arrival);
    if (out === undefined) return;
    const wire = serializeDhcpPacket(out.packet, out.maxBytes);
    await new Promise<void>((resolve) => socket.send(wire, out.port, out.address, () => resolve()));
  } catch (error) {
    ctx.log.error({ err: error, from: arrival.sourceAddress }, 'dhcp request failed');
  }
}

async function sweepExpired(ctx: DhcpContext): Promise<void> {
  try {
    await ctx.leases.deleteExpired(isoTimestamp(ctx.clock.now()));
  } catch (error) {
    ctx.log.warn({ err: error }, 'expired leases not swept');
  }
}

function ipv4Of(device: string): string | undefined {
  return networkInterfaces()[device]?.find((a) => a.family === 'IPv4')?.address;
}
