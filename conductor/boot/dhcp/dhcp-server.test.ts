import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../../core/index.js';
import { MessageType, Option } from './dhcp-constants.js';
import { parseDhcpPacket } from './dhcp-packet.js';
import { DhcpStartError, startDhcpServer, type DhcpServerOptions } from './dhcp-server.js';
import { serializeDhcpPacket } from './serialize-dhcp-packet.js';
import { aRequest, opt } from './testing/dhcp-test-packets.js';
import { memoryLeaseStore, testSettings } from './testing/dhcp-test-context.js';

/** Sockets on 127.0.0.1 ephemeral ports stand in for the device-bound ones; no privileged port, no broadcast. */
function loopbackOptions(opened: Socket[], overrides: Partial<DhcpServerOptions> = {}): DhcpServerOptions {
  return {
    settings: testSettings({ mode: 'proxy', interfaces: ['lo'] }),
    hosts: { findHost: () => Promise.resolve(undefined) },
    leases: memoryLeaseStore(),
    clock: systemClock,
    log: silentLogger,
    interfaceAddress: () => '10.0.0.1',
    openSocket: async () => {
      const socket = createSocket('udp4');
      socket.bind(0, '127.0.0.1');
      await once(socket, 'listening');
      opened.push(socket);
      return socket;
    },
    ...overrides,
  };
}

describe('startDhcpServer', () => {
  it('answers over its sockets and drops malformed datagrams without stopping', async () => {
    const opened: Socket[] = [];
    const server = await startDhcpServer(loopbackOptions(opened));
    const bootPort = opened[1]?.address().port ?? 0; // proxy mode opens 67, then 4011, per interface
    const client = createSocket('udp4');
    client.bind(0, '127.0.0.1');
    await once(client, 'listening');
    client.send(Buffer.from('not dhcp'), bootPort, '127.0.0.1');
    const request = aRequest({ type: MessageType.Request, ciaddr: '10.0.0.77', options: [opt.pxe(), opt.arch(0)] });
    client.send(serializeDhcpPacket(request), bootPort, '127.0.0.1');
    const [bytes] = (await once(client, 'message')) as [Buffer];
    const reply = parseDhcpPacket(bytes);
    expect(reply.ok && reply.packet.options.get(Option.MessageType)?.[0]).toBe(MessageType.Ack);
    expect(reply.ok && reply.packet.file).toBe('undionly.kpxe');
    client.close();
    await server.stop();
  });

  it('fails with a clear error naming the interface that has no address', async () => {
    const start = startDhcpServer(loopbackOptions([], { interfaceAddress: () => undefined }));
    await expect(start).rejects.toThrow(new DhcpStartError('DHCP interface lo does not exist or has no IPv4 address'));
  });

  it('fails with a clear error when a socket cannot be bound, closing those already open', async () => {
    const opened: Socket[] = [];
    const options = loopbackOptions(opened);
    let calls = 0;
    const start = startDhcpServer({
      ...options,
      openSocket: (device, port) =>
        ++calls === 2 ? Promise.reject(new Error('bind: Permission denied')) : options.openSocket(device, port),
    });
    await expect(start).rejects.toThrow('cannot serve DHCP on lo port 4011: bind: Permission denied');
    expect(() => opened[0]?.address()).toThrow(); // closed
  });
});
