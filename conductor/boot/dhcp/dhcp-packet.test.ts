import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MessageType, Option } from './dhcp-constants.js';
import { parseDhcpPacket, type DhcpPacket } from './dhcp-packet.js';
import { serializeDhcpPacket } from './serialize-dhcp-packet.js';
import { aRequest } from './testing/dhcp-test-packets.js';

/** Real client messages captured with tcpdump (test/fixtures/dhcp/README.md). */
const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/dhcp/${name}.hex`, import.meta.url), 'utf8').trim(), 'hex');
const UDHCPC_DISCOVER = fixture('udhcpc-1.35-discover');
const DHCLIENT_DISCOVER = fixture('dhclient-4.4-discover');

function parsed(bytes: Uint8Array): DhcpPacket {
  const result = parseDhcpPacket(bytes);
  if (!result.ok) throw new Error(result.reason);
  return result.packet;
}

describe('parseDhcpPacket', () => {
  it('reads a udhcpc DISCOVER: header fields, client id, vendor class, max size and request list', () => {
    const p = parsed(UDHCPC_DISCOVER);
    expect(p).toMatchObject({ op: 1, htype: 1, hlen: 6, ciaddr: '0.0.0.0', giaddr: '0.0.0.0', file: '', sname: '' });
    expect(p.options.get(Option.ClientIdentifier)?.toString('hex')).toBe('01525400123456');
    expect(p.options.get(Option.VendorClass)?.toString()).toBe('udhcp 1.35.0');
    expect(p.chaddr.toString('hex')).toBe('525400123456');
    expect(p.options.get(Option.MessageType)).toEqual(Buffer.from([MessageType.Discover]));
    expect(p.options.get(Option.MaxMessageSize)?.readUInt16BE(0)).toBe(576);
    expect([...(p.options.get(Option.ParameterRequestList) ?? [])]).toEqual([1, 3, 6, 12, 15, 28, 42]);
  });

  it('reads a dhclient DISCOVER and serializes it back to the same bytes', () => {
    const p = parsed(DHCLIENT_DISCOVER);
    expect(p.options.get(Option.HostName)?.toString()).toBe('vm');
    expect([...(p.options.get(Option.ParameterRequestList) ?? [])]).toEqual([
      1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42,
    ]);
    const again = serializeDhcpPacket(p, 576);
    expect(again.toString('hex')).toBe(DHCLIENT_DISCOVER.subarray(0, again.length).toString('hex'));
  });

  it('rejects short, oversized, wrong-op, long-hlen, cookie-less and overrunning packets with a reason', () => {
    const broken = (mutate: (b: Buffer) => Buffer) => parseDhcpPacket(mutate(Buffer.from(UDHCPC_DISCOVER)));
    expect(broken((b) => b.subarray(0, 239))).toEqual({ ok: false, reason: 'too short: 239 bytes (< 240)' });
    expect(broken((b) => Buffer.concat([b, Buffer.alloc(5000)]))).toMatchObject({ ok: false });
    expect(broken((b) => (b.writeUInt8(3, 0), b))).toEqual({ ok: false, reason: 'unknown op 3' });
    expect(broken((b) => (b.writeUInt8(17, 2), b))).toMatchObject({ ok: false });
    expect(broken((b) => (b.writeUInt32BE(0, 236), b))).toEqual({ ok: false, reason: 'no DHCP magic cookie' });
    expect(broken((b) => Buffer.concat([b.subarray(0, 240), Buffer.from([12, 40, 65])]))).toMatchObject({
      ok: false,
      reason: 'option 12 claims 40 bytes past the end',
    });
  });

  it('joins a split option (RFC 3396) and reads options overloaded into file and sname (RFC 2132 §9.3)', () => {
    const head = Buffer.from(UDHCPC_DISCOVER.subarray(0, 240));
    head.write('\x0c\x03abc\xff', 108, 'latin1'); // file: host name "abc"
    head.write('\x0f\x02ex\xff', 44, 'latin1'); // sname: domain "ex"
    const bytes = Buffer.concat([head, Buffer.from([52, 1, 3, 53, 1, 1, 77, 2, 105, 80, 77, 2, 88, 69, 255])]);
    const p = parsed(bytes);
    expect(p.options.get(Option.HostName)?.toString()).toBe('abc');
    expect(p.options.get(Option.DomainName)?.toString()).toBe('ex');
    expect(p.options.get(Option.UserClass)?.toString()).toBe('iPXE');
    expect(p.file).toBe('');
  });
});

describe('serializeDhcpPacket', () => {
  it('round-trips a message through the wire format', () => {
    const p = aRequest({
      type: MessageType.Request,
      ciaddr: '10.0.0.5',
      giaddr: '10.9.0.1',
      options: [[Option.HostName, 'node-1']],
    });
    p.file = 'undionly.kpxe';
    const back = parsed(serializeDhcpPacket(p));
    expect(back).toEqual(p);
  });

  it('splits an option longer than 255 bytes and spills what does not fit into file and sname with option 52', () => {
    const p = aRequest({
      type: MessageType.Ack,
      options: [
        [224, Buffer.alloc(280, 7)],
        [225, Buffer.alloc(120, 8)],
        [226, Buffer.alloc(50, 9)],
      ],
    });
    const wire = serializeDhcpPacket(p, 548);
    expect(wire.length).toBeLessThanOrEqual(548);
    const back = parsed(wire);
    expect(back.options.get(Option.Overload)).toEqual(Buffer.from([3]));
    expect(back.options.get(224)).toEqual(Buffer.alloc(280, 7));
    expect(back.options.get(225)).toEqual(Buffer.alloc(120, 8));
    expect(back.options.get(226)).toEqual(Buffer.alloc(50, 9));
  });
});
