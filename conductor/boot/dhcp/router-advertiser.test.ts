import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import type { RouterAdvertAddon } from './open-device-socket.js';
import { buildRouterAdvert, startRouterAdvertiser } from './router-advertiser.js';

function fakeAddon(solicits: number[]): RouterAdvertAddon & { sent: Array<{ device: string; packet: Buffer }> } {
  const sent: Array<{ device: string; packet: Buffer }> = [];
  return {
    sent,
    openRouterAdvertSocket: (device) => { if (device === 'nov6') throw new Error('ENODEV'); return 7; },
    drainRouterSolicits: () => solicits.shift() ?? 0,
    sendRouterAdvert: (_fd, device, packet) => { sent.push({ device, packet }); },
  };
}

afterEach(() => { vi.useRealTimers(); });

describe('buildRouterAdvert', () => {
  it('announces nothing: type 134, lifetime 0, no flags, only a source link-layer option', () => {
    const ra = buildRouterAdvert('52:54:00:6c:ab:01');
    expect([...ra.subarray(0, 16)]).toEqual([134, ...new Array<number>(15).fill(0)]);
    expect([...ra.subarray(16)]).toEqual([1, 1, 0x52, 0x54, 0x00, 0x6c, 0xab, 0x01]);
  });

  it('leaves the link-layer option out when the MAC is unknown or malformed', () => {
    expect(buildRouterAdvert(undefined)).toHaveLength(16);
    expect(buildRouterAdvert('not-a-mac')).toHaveLength(16);
  });
});

describe('startRouterAdvertiser', () => {
  it('advertises at start, answers solicitations, and skips a device without IPv6', () => {
    vi.useFakeTimers();
    const addon = fakeAddon([0, 2, 0]);
    const advertiser = startRouterAdvertiser(['br0', 'nov6'], { log: silentLogger, addon, macOf: () => '52:54:00:00:00:01', pollIntervalMs: 100, repeatIntervalMs: 60_000 });
    expect(addon.sent.map((s) => s.device)).toEqual(['br0']);
    vi.advanceTimersByTime(300);
    expect(addon.sent).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(addon.sent).toHaveLength(3);
    advertiser.stop();
    vi.advanceTimersByTime(120_000);
    expect(addon.sent).toHaveLength(3);
  });
});
