// A bounded DHCP load generator acting as a relay (RFC 1542): it binds <relay ip>:67, sends DISCOVERs with
// giaddr = its address to the server, answers each OFFER with a REQUEST and counts ACKs. MACs are random
// (npm.md §2: sequential MACs make dnsmasq offer one address to many clients and NAK them). Runs inside the
// client namespace: node --import tsx bench/dhcp-load-client.ts <relay ip> <server ip> <clients per step> <steps> <in flight> <warm-up>
// Prints one JSON line per step: { step, done, failed, seconds, clientCpuSeconds }.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { MessageType, Option } from '../conductor/boot/dhcp/dhcp-constants.js';
import { parseDhcpPacket } from '../conductor/boot/dhcp/dhcp-packet.js';
import { ipv4Bytes } from '../conductor/boot/dhcp/ipv4-address.js';
import { serializeDhcpPacket } from '../conductor/boot/dhcp/serialize-dhcp-packet.js';
import { aRequest } from '../conductor/boot/dhcp/testing/dhcp-test-packets.js';

const [
  relay = '10.77.0.2',
  server = '10.77.0.1',
  perStepText = '5000',
  stepsText = '4',
  inFlightText = '64',
  warmupText = '1000',
  timeoutText = '2000',
] = process.argv.slice(2);
const perStep = Number(perStepText);
const timeoutMs = Number(timeoutText);
const socket = createSocket({ type: 'udp4', reuseAddr: true });
await new Promise<void>((resolve) => socket.bind(67, relay, resolve));

/** One client's exchange, by xid. */
interface Pending {
  mac: string;
  resolve: (ok: boolean) => void;
  timer: NodeJS.Timeout;
}
/** Leases of the warm-up round, released before the measured steps so those start from zero held leases. */
const warmupLeases: { mac: string; address: string; serverId: Buffer }[] = [];
let warmingUp = false;
const pending = new Map<number, Pending>();

socket.on('message', (bytes) => {
  const parsed = parseDhcpPacket(bytes);
  if (!parsed.ok) return;
  const p = parsed.packet;
  const entry = pending.get(p.xid);
  if (entry === undefined) return;
  const type = p.options.get(Option.MessageType)?.[0];
  if (type === MessageType.Offer) {
    const serverId = p.options.get(Option.ServerIdentifier) ?? ipv4Bytes(server);
    send(
      aRequest({
        type: MessageType.Request,
        mac: entry.mac,
        xid: p.xid,
        giaddr: relay,
        hops: 1,
        options: [
          [Option.ServerIdentifier, serverId],
          [Option.RequestedAddress, ipv4Bytes(p.yiaddr)],
        ],
      }),
    );
  } else {
    if (warmingUp && type === MessageType.Ack)
      warmupLeases.push({
        mac: entry.mac,
        address: p.yiaddr,
        serverId: p.options.get(Option.ServerIdentifier) ?? ipv4Bytes(server),
      });
    finish(p.xid, type === MessageType.Ack);
  }
});

function send(packet: ReturnType<typeof aRequest>): void {
  socket.send(serializeDhcpPacket(packet), 67, server);
}

function finish(xid: number, ok: boolean): void {
  const entry = pending.get(xid);
  if (entry === undefined) return;
  pending.delete(xid);
  clearTimeout(entry.timer);
  entry.resolve(ok);
}

/** One DISCOVER-OFFER-REQUEST-ACK with a fresh random MAC; false on NAK or after timeoutMs (no retry: bounded). */
function exchange(): Promise<boolean> {
  const mac = [0x02, ...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0')).join(':');
  const xid = randomBytes(4).readUInt32BE(0);
  return new Promise((resolve) => {
    pending.set(xid, { mac, resolve, timer: setTimeout(() => finish(xid, false), timeoutMs) });
    send(aRequest({ type: MessageType.Discover, mac, xid, giaddr: relay, hops: 1 }));
  });
}

/** Runs `count` exchanges with `inFlight` at a time; resolves to [acknowledged, failed]. */
async function round(count: number, inFlight: number): Promise<[number, number]> {
  let started = 0;
  let done = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      if (await exchange()) done += 1;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return [done, failed];
}

// Warm-up (JIT, caches) for whichever server is measured, then RELEASE (RFC 2131 §4.4.6) of every lease it got.
warmingUp = true;
await round(Number(warmupText), Number(inFlightText));
warmingUp = false;
for (const [i, lease] of warmupLeases.entries()) {
  send(
    aRequest({
      type: MessageType.Release,
      mac: lease.mac,
      ciaddr: lease.address,
      options: [[Option.ServerIdentifier, lease.serverId]],
    }),
  );
  // RELEASE has no reply (§4.4.6), so pace them: a burst would overflow the server's receive buffer.
  if (i % 32 === 31) await new Promise((resolve) => setTimeout(resolve, 10));
}
await new Promise((resolve) => setTimeout(resolve, 500));

for (let step = 0; step < Number(stepsText); step++) {
  const begin = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const [done, failed] = await round(perStep, Number(inFlightText));
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({ step, done, failed, seconds, clientCpuSeconds: (used.user + used.system) / 1e6 })}\n`,
  );
}
socket.close();
