import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../../core/index.js';
import { MessageType, Option } from './dhcp-constants.js';
import { handleDhcpMessage } from './handle-dhcp-message.js';
import { restoreLeases } from './restore-leases.js';
import { aRequest, opt } from './testing/dhcp-test-packets.js';
import { onEth0, testContext, testSettings } from './testing/dhcp-test-context.js';

describe('restoreLeases', () => {
  it('puts stored leases back, so their clients keep them and others get other addresses', async () => {
    const { ctx, clock, leases } = testContext();
    const expires = isoTimestamp(clock.now() + 600_000);
    await leases.put({
      address: '10.0.0.100',
      mac: '52:54:00:00:00:01',
      client_id: '01525400000001',
      hostname: null,
      expires_at: expires,
    });
    await leases.put({
      address: '10.0.0.101',
      mac: '52:54:00:00:00:02',
      client_id: '01525400000002',
      hostname: null,
      expires_at: isoTimestamp(clock.now() - 1),
    });
    await expect(restoreLeases(ctx)).resolves.toBe(1);
    expect(leases.rows.has('10.0.0.101')).toBe(false); // expired: removed
    const other = await handleDhcpMessage(
      ctx,
      aRequest({ type: MessageType.Discover, mac: '52:54:00:00:00:09' }),
      onEth0,
    );
    expect(other?.packet.yiaddr).not.toBe('10.0.0.100');
    const reboot = aRequest({
      type: MessageType.Request,
      mac: '52:54:00:00:00:01',
      options: [opt.ip(Option.RequestedAddress, '10.0.0.100')],
    });
    const ack = await handleDhcpMessage(ctx, reboot, onEth0);
    expect(ack?.packet.options.get(Option.MessageType)?.[0]).toBe(MessageType.Ack);
  });

  it('always restores enrolled ports, and unknown clients only within maxDynamicLeases', async () => {
    const hosts = { '52:54:00:00:00:01': { nodeUuid: 'n1', pxeEnabled: true, fixedAddress: undefined } };
    const { ctx, clock, leases } = testContext(testSettings({ maxDynamicLeases: 0 }), hosts);
    const expires_at = isoTimestamp(clock.now() + 600_000);
    await leases.put({
      address: '10.0.0.100',
      mac: '52:54:00:00:00:01',
      client_id: '01525400000001',
      hostname: null,
      expires_at,
    });
    await leases.put({
      address: '10.0.0.101',
      mac: '52:54:00:00:00:02',
      client_id: '01525400000002',
      hostname: null,
      expires_at,
    });
    await expect(restoreLeases(ctx)).resolves.toBe(1);
    expect(ctx.subnets[0]?.pool.at(0x0a000064)?.clientKey).toBe('01525400000001');
    expect(ctx.subnets[0]?.pool.at(0x0a000065)).toBeUndefined();
  });
});
