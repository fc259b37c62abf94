import { describe, expect, it } from 'vitest';
import { MessageType, Option } from './dhcp-constants.js';
import { handleDhcpMessage } from './handle-dhcp-message.js';
import type { Outgoing } from './build-reply.js';
import { aRequest, opt } from './testing/dhcp-test-packets.js';
import { onEth0, testContext, testSettings } from './testing/dhcp-test-context.js';
import { readIpv4 } from './ipv4-address.js';
import type { DhcpContext } from './dhcp-context.js';

const typeOf = (out: Outgoing | undefined) => out?.packet.options.get(Option.MessageType)?.[0];
const text = (out: Outgoing | undefined, code: number) => out?.packet.options.get(code)?.toString('latin1');

async function dora(ctx: DhcpContext, mac: string, extra: [number, Buffer | string][] = [], giaddr?: string) {
  const g = giaddr === undefined ? {} : { giaddr };
  const offer = await handleDhcpMessage(
    ctx,
    aRequest({ type: MessageType.Discover, mac, options: extra, ...g }),
    onEth0,
  );
  const yiaddr = offer?.packet.yiaddr ?? '';
  const ack = await handleDhcpMessage(
    ctx,
    aRequest({
      type: MessageType.Request,
      mac,
      ...g,
      options: [...extra, opt.ip(Option.ServerIdentifier, '10.0.0.1'), opt.ip(Option.RequestedAddress, yiaddr)],
    }),
    onEth0,
  );
  return { offer, ack, yiaddr };
}

describe('handleDhcpMessage, full mode', () => {
  it('offers an address from the range and acknowledges it, persisting the lease before the ACK', async () => {
    const { ctx, leases } = testContext();
    const { offer, ack, yiaddr } = await dora(ctx, '52:54:00:00:00:01');
    expect(typeOf(offer)).toBe(MessageType.Offer);
    expect(yiaddr).toBe('10.0.0.100');
    expect(offer?.address).toBe('255.255.255.255');
    expect(typeOf(ack)).toBe(MessageType.Ack);
    expect(ack?.packet.yiaddr).toBe(yiaddr);
    expect(readIpv4(ack?.packet.options.get(Option.ServerIdentifier) ?? Buffer.alloc(4), 0)).toBe('10.0.0.1');
    expect(ack?.packet.options.get(Option.LeaseTime)?.readUInt32BE(0)).toBe(3600);
    expect(leases.rows.get(yiaddr)?.mac).toBe('52:54:00:00:00:01');
  });

  it('gives two clients different addresses, and a returning client its own', async () => {
    const { ctx } = testContext();
    const a = await dora(ctx, '52:54:00:00:00:01');
    const b = await dora(ctx, '52:54:00:00:00:02');
    expect(b.yiaddr).not.toBe(a.yiaddr);
    expect((await dora(ctx, '52:54:00:00:00:01')).yiaddr).toBe(a.yiaddr);
  });

  it('stays silent and withdraws its offer when the client selected another server', async () => {
    const { ctx } = testContext();
    const mac = '52:54:00:00:00:01';
    const offer = await handleDhcpMessage(ctx, aRequest({ type: MessageType.Discover, mac }), onEth0);
    const other = await handleDhcpMessage(
      ctx,
      aRequest({
        type: MessageType.Request,
        mac,
        options: [
          opt.ip(Option.ServerIdentifier, '10.0.0.2'),
          opt.ip(Option.RequestedAddress, offer?.packet.yiaddr ?? ''),
        ],
      }),
      onEth0,
    );
    expect(other).toBeUndefined();
    expect(ctx.subnets[0]?.pool.dynamicCount).toBe(0);
  });

  it('NAKs an INIT-REBOOT for another network and for an address another client holds', async () => {
    const { ctx } = testContext();
    const held = await dora(ctx, '52:54:00:00:00:01');
    const wrongNet = await handleDhcpMessage(
      ctx,
      aRequest({
        type: MessageType.Request,
        mac: '52:54:00:00:00:02',
        options: [opt.ip(Option.RequestedAddress, '10.99.0.5')],
      }),
      onEth0,
    );
    expect(typeOf(wrongNet)).toBe(MessageType.Nak);
    expect(wrongNet?.address).toBe('255.255.255.255');
    const taken = await handleDhcpMessage(
      ctx,
      aRequest({
        type: MessageType.Request,
        mac: '52:54:00:00:00:02',
        options: [opt.ip(Option.RequestedAddress, held.yiaddr)],
      }),
      onEth0,
    );
    expect(typeOf(taken)).toBe(MessageType.Nak);
  });

  it('renews a lease at ciaddr by unicast and ignores an INIT-REBOOT it has no record of', async () => {
    const { ctx, clock, leases } = testContext();
    const { yiaddr } = await dora(ctx, '52:54:00:00:00:01');
    await clock.advance(1_800_000);
    const renew = await handleDhcpMessage(
      ctx,
      aRequest({ type: MessageType.Request, mac: '52:54:00:00:00:01', ciaddr: yiaddr }),
      onEth0,
    );
    expect(typeOf(renew)).toBe(MessageType.Ack);
    expect(renew).toMatchObject({ address: yiaddr, port: 68 });
    expect(leases.rows.get(yiaddr)?.expires_at).toBe('2026-11-21T01:30:00.000+00:00');
    const stranger = await handleDhcpMessage(
      ctx,
      aRequest({
        type: MessageType.Request,
        mac: '52:54:00:00:00:09',
        options: [opt.ip(Option.RequestedAddress, '10.0.0.150')],
      }),
      onEth0,
    );
    expect(stranger).toBeUndefined();
  });

  it('releases a lease and removes it from the store', async () => {
    const { ctx, leases } = testContext();
    const { yiaddr } = await dora(ctx, '52:54:00:00:00:01');
    await handleDhcpMessage(
      ctx,
      aRequest({
        type: MessageType.Release,
        mac: '52:54:00:00:00:01',
        ciaddr: yiaddr,
        options: [opt.ip(Option.ServerIdentifier, '10.0.0.1')],
      }),
      onEth0,
    );
    expect(leases.rows.has(yiaddr)).toBe(false);
    expect(ctx.subnets[0]?.pool.at(0x0a000064)).toBeUndefined();
  });

  it('quarantines a declined address: the next client gets another one', async () => {
    const { ctx, leases } = testContext();
    const { yiaddr } = await dora(ctx, '52:54:00:00:00:01');
    await handleDhcpMessage(
      ctx,
      aRequest({
        type: MessageType.Decline,
        mac: '52:54:00:00:00:01',
        options: [opt.ip(Option.ServerIdentifier, '10.0.0.1'), opt.ip(Option.RequestedAddress, yiaddr)],
      }),
      onEth0,
    );
    expect(leases.rows.has(yiaddr)).toBe(false);
    const next = await dora(ctx, '52:54:00:00:00:02', [[Option.RequestedAddress, Buffer.from([10, 0, 0, 100])]]);
    expect(next.yiaddr).not.toBe(yiaddr);
  });

  it('answers INFORM with configuration and no lease, to ciaddr', async () => {
    const { ctx } = testContext();
    const out = await handleDhcpMessage(ctx, aRequest({ type: MessageType.Inform, ciaddr: '10.0.0.50' }), onEth0);
    expect(typeOf(out)).toBe(MessageType.Ack);
    expect(out).toMatchObject({ address: '10.0.0.50', port: 68 });
    expect(out?.packet.options.has(Option.LeaseTime)).toBe(false);
    expect(out?.packet.options.has(Option.Router)).toBe(true);
  });

  it('answers a relayed DISCOVER from the relay subnet, to giaddr port 67', async () => {
    const { ctx } = testContext();
    const { offer, ack } = await dora(ctx, '52:54:00:00:00:01', [], '10.9.0.1');
    expect(offer).toMatchObject({ address: '10.9.0.1', port: 67 });
    expect(offer?.packet.yiaddr).toBe('10.9.0.10');
    expect(offer?.packet.giaddr).toBe('10.9.0.1');
    expect(ack).toMatchObject({ address: '10.9.0.1', port: 67 });
  });

  it('ignores replies (op 2), unknown message types and relays with too many hops', async () => {
    const { ctx } = testContext();
    const reply = { ...aRequest({ type: MessageType.Discover }), op: 2 };
    expect(await handleDhcpMessage(ctx, reply, onEth0)).toBeUndefined();
    expect(await handleDhcpMessage(ctx, aRequest({ type: 42 as MessageType }), onEth0)).toBeUndefined();
    expect(
      await handleDhcpMessage(ctx, aRequest({ type: MessageType.Discover, hops: 17, giaddr: '10.9.0.1' }), onEth0),
    ).toBeUndefined();
  });

  it('serves only enrolled MACs when unknown clients are not allowed, with their reserved address', async () => {
    const { ctx } = testContext(testSettings({ allowUnknownClients: false }), {
      '52:54:00:00:00:01': { nodeUuid: 'n1', pxeEnabled: true, fixedAddress: '10.0.0.42' },
    });
    expect((await dora(ctx, '52:54:00:00:00:01')).yiaddr).toBe('10.0.0.42');
    expect(
      await handleDhcpMessage(ctx, aRequest({ type: MessageType.Discover, mac: '52:54:00:00:00:02' }), onEth0),
    ).toBeUndefined();
  });

  it('bounds starvation: unknown clients stop at maxDynamicLeases and at the new-client rate', async () => {
    const { ctx, clock } = testContext(testSettings({ maxDynamicLeases: 5, maxNewClientsPerSecond: 3 }), {
      '52:54:00:00:ff:01': { nodeUuid: 'n1', pxeEnabled: true, fixedAddress: undefined },
    });
    const discover = (i: number) =>
      handleDhcpMessage(
        ctx,
        aRequest({ type: MessageType.Discover, mac: `02:00:00:00:00:${i.toString(16).padStart(2, '0')}` }),
        onEth0,
      );
    const first = await Promise.all([1, 2, 3, 4].map(discover));
    expect(first.filter((o) => o !== undefined)).toHaveLength(3); // rate: 3 per second
    await clock.advance(1000);
    const second = await Promise.all([5, 6, 7].map(discover));
    expect(second.filter((o) => o !== undefined)).toHaveLength(2); // 5 dynamic at most
    expect(typeOf((await dora(ctx, '52:54:00:00:ff:01')).ack)).toBe(MessageType.Ack); // enrolled ports are not bounded
  });
});

describe('handleDhcpMessage, boot files', () => {
  it('gives BIOS PXE undionly.kpxe by TFTP with siaddr and options 66/67', async () => {
    const { ctx } = testContext();
    const { offer } = await dora(ctx, '52:54:00:00:00:01', [opt.pxe(), opt.arch(0)]);
    expect(offer?.packet).toMatchObject({ siaddr: '10.0.0.1', file: 'undionly.kpxe' });
    expect(text(offer, Option.TftpServerName)).toBe('10.0.0.1');
    expect(text(offer, Option.BootfileName)).toBe('undionly.kpxe');
  });

  it('gives iPXE (option 175 or user class iPXE) the HTTP script and no-pxedhcp', async () => {
    const { ctx } = testContext();
    const viaUserClass = await dora(ctx, '52:54:00:00:00:01', [opt.pxe(), [Option.UserClass, 'iPXE']]);
    expect(viaUserClass.ack?.packet.file).toBe('http://10.0.0.1:8088/boot.ipxe');
    expect(viaUserClass.ack?.packet.options.get(Option.Ipxe)).toEqual(Buffer.from([176, 1, 1]));
    const via175 = await dora(ctx, '52:54:00:00:00:02', [[Option.Ipxe, Buffer.from([19, 1, 1])]]);
    expect(via175.offer?.packet.file).toBe('http://10.0.0.1:8088/boot.ipxe');
  });

  it('gives UEFI HTTP boot (arch 16) a URL and vendor class HTTPClient', async () => {
    const { ctx } = testContext();
    const { offer } = await dora(ctx, '52:54:00:00:00:01', [
      [Option.VendorClass, 'HTTPClient:Arch:00016:UNDI:003001'],
      opt.arch(16),
    ]);
    expect(offer?.packet.file).toBe('http://10.0.0.1:8088/snponly.efi');
    expect(text(offer, Option.VendorClass)).toBe('HTTPClient');
  });

  it('sends no boot file to a port with pxe_enabled = false, nor to a plain DHCP client', async () => {
    const { ctx } = testContext(testSettings(), {
      '52:54:00:00:00:01': { nodeUuid: 'n1', pxeEnabled: false, fixedAddress: undefined },
    });
    expect((await dora(ctx, '52:54:00:00:00:01', [opt.pxe()])).offer?.packet.file).toBe('');
    expect((await dora(ctx, '52:54:00:00:00:02')).offer?.packet.options.has(Option.BootfileName)).toBe(false);
  });
});

describe('handleDhcpMessage, proxy mode', () => {
  it('offers boot information without an address to PXE clients only', async () => {
    const { ctx } = testContext(testSettings({ mode: 'proxy' }));
    const pxe = await handleDhcpMessage(
      ctx,
      aRequest({ type: MessageType.Discover, options: [opt.pxe(), opt.arch(7)] }),
      onEth0,
    );
    expect(typeOf(pxe)).toBe(MessageType.Offer);
    expect(pxe?.packet).toMatchObject({ yiaddr: '0.0.0.0', file: 'snponly.efi', siaddr: '10.0.0.1' });
    expect(text(pxe, Option.VendorClass)).toBe('PXEClient');
    expect(await handleDhcpMessage(ctx, aRequest({ type: MessageType.Discover }), onEth0)).toBeUndefined();
    expect(
      await handleDhcpMessage(ctx, aRequest({ type: MessageType.Request, options: [opt.pxe()] }), onEth0),
    ).toBeUndefined();
  });

  it('gives iPXE the script in proxy mode without no-pxedhcp, which would make it skip ProxyDHCP', async () => {
    const { ctx } = testContext(testSettings({ mode: 'proxy' }));
    const out = await handleDhcpMessage(
      ctx,
      aRequest({ type: MessageType.Discover, options: [opt.pxe(), [Option.UserClass, 'iPXE']] }),
      onEth0,
    );
    expect(out?.packet.file).toBe('http://10.0.0.1:8088/boot.ipxe');
    expect(out?.packet.options.has(Option.Ipxe)).toBe(false);
  });

  it('acknowledges a PXE REQUEST on port 4011 back to its sender', async () => {
    const { ctx } = testContext(testSettings({ mode: 'proxy' }));
    const out = await handleDhcpMessage(
      ctx,
      aRequest({ type: MessageType.Request, ciaddr: '10.0.0.77', options: [opt.pxe(), opt.arch(0)] }),
      { ...onEth0, port: 4011, sourceAddress: '10.0.0.77', sourcePort: 4011 },
    );
    expect(typeOf(out)).toBe(MessageType.Ack);
    expect(out).toMatchObject({ address: '10.0.0.77', port: 4011 });
  });
});
