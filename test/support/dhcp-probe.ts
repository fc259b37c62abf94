// Sends one DHCPDISCOVER from 0.0.0.0:68 and prints every reply received within a time window, as JSON lines
// (`ip netns exec <ns> node --import tsx test/support/dhcp-probe.ts <device> <mac> <windowMs> [pxe]`). The interface
// must have an address so the kernel can route the broadcast; ciaddr stays 0 as for a booting client.
import { MessageType, Option } from '../../conductor/boot/dhcp/dhcp-constants.js';
import { parseDhcpPacket } from '../../conductor/boot/dhcp/dhcp-packet.js';
import { openDeviceSocket } from '../../conductor/boot/dhcp/open-device-socket.js';
import { serializeDhcpPacket } from '../../conductor/boot/dhcp/serialize-dhcp-packet.js';
import { aRequest, opt } from '../../conductor/boot/dhcp/testing/dhcp-test-packets.js';

const [device = 'eth0', mac = '52:54:00:aa:00:01', windowMs = '1500', pxe] = process.argv.slice(2);
// Bound to the device, so the limited broadcast leaves through it without a default route.
const socket = await openDeviceSocket(device, 68);
const seen = new Set<string>();
socket.on('message', (bytes) => {
  const parsed = parseDhcpPacket(bytes);
  if (!parsed.ok) return;
  const p = parsed.packet;
  const vendor = p.options.get(Option.VendorClass)?.toString('latin1') ?? null;
  const line = JSON.stringify({
    type: p.options.get(Option.MessageType)?.[0],
    yiaddr: p.yiaddr,
    siaddr: p.siaddr,
    file: p.file,
    vendor,
  });
  if (!seen.has(line)) process.stdout.write(`${line}\n`);
  seen.add(line);
});
{
  const options = pxe === 'pxe' ? [opt.pxe(), opt.arch(0)] : [];
  const request = aRequest({ type: MessageType.Discover, mac, flags: 0x8000, options });
  // Sent three times, as clients retransmit (RFC 2131 §4.1): a fresh veth may drop the first frame.
  for (const delayMs of [0, 300, 600]) {
    setTimeout(() => socket.send(serializeDhcpPacket(request), 67, '255.255.255.255'), delayMs);
  }
  setTimeout(() => socket.close(), Number(windowMs));
}
