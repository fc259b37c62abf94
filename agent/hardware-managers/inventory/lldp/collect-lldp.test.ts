import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../core/index.js';
import { anLldpFrame } from '../../../../test/support/an-lldp-frame.js';
import { ManualClock } from '../../../../test/support/manual-clock.js';
import { collectLldp, type LldpByDevice, type LldpCollectionOptions } from './collect-lldp.js';
import type { LldpSocket } from './lldp-socket.js';

/** Fake sockets: frames queued per device by the test; records opens and closes. */
function fakeNetwork(carrier: Record<string, boolean>, refuse: readonly string[] = []) {
  const queues = new Map<string, Buffer[]>();
  const closed: string[] = [];
  const open = (device: string): LldpSocket => {
    if (refuse.includes(device)) throw Object.assign(new Error('socket(AF_PACKET): Operation not permitted'), { code: 'EACCES' });
    queues.set(device, queues.get(device) ?? []);
    return { read: () => queues.get(device)?.shift(), close: () => closed.push(device) };
  };
  return {
    closed,
    send: (device: string, frame: Buffer) => queues.get(device)?.push(frame),
    options: (clock: ManualClock, over: Partial<LldpCollectionOptions> = {}): LldpCollectionOptions => ({
      devices: Object.keys(carrier),
      open,
      hasCarrier: async (device) => carrier[device] === true,
      clock,
      timeoutMs: 5000,
      pollMs: 50,
      log: silentLogger,
      ...over,
    }),
  };
}

const settled = async <T>(promise: Promise<T>): Promise<{ done: boolean; value?: T }> => {
  const marker = Symbol('pending');
  const value = await Promise.race([promise, new Promise<typeof marker>((resolve) => setImmediate(() => resolve(marker)))]);
  return value === marker ? { done: false } : { done: true, value: value as T };
};

describe('collectLldp', () => {
  it('returns as soon as every NIC with a link has a valid LLDPDU, without waiting for the timeout', async () => {
    const clock = new ManualClock();
    const net = fakeNetwork({ eno1: true, eno2: true, eno3: false });
    const result = collectLldp(net.options(clock));
    await clock.advance(200);
    net.send('eno1', anLldpFrame({ portName: 'swp1' }));
    await clock.advance(100);
    expect((await settled(result)).done).toBe(false); // eno2 has a link and no frame yet
    net.send('eno2', Buffer.from('garbage'));
    net.send('eno2', anLldpFrame({ portName: 'swp2', ttlS: 0 })); // shutdown LLDPDU: skipped
    net.send('eno2', anLldpFrame({ portName: 'swp2' }));
    await clock.advance(50);
    const found = (await settled(result)).value as LldpByDevice;
    expect(found.get('eno1')?.[1]).toEqual([2, `05${Buffer.from('swp1').toString('hex')}`]);
    expect(found.get('eno2')?.[1]).toEqual([2, `05${Buffer.from('swp2').toString('hex')}`]);
    expect(found.get('eno3')).toEqual([]); // no link: not waited for, listened to, nothing heard
    expect(net.closed.sort()).toEqual(['eno1', 'eno2', 'eno3']);
  });

  it('gives up at the timeout with [] for NICs that heard nothing, null for those it could not listen on', async () => {
    const clock = new ManualClock();
    const net = fakeNetwork({ eno1: true, eno2: true }, ['eno2']);
    const result = collectLldp(net.options(clock, { timeoutMs: 3000 }));
    await clock.advance(2950);
    expect((await settled(result)).done).toBe(false);
    await clock.advance(50);
    expect([...((await settled(result)).value ?? [])]).toEqual([['eno1', []], ['eno2', null]]);
    expect(net.closed).toEqual(['eno1']);
  });

  it('returns at once when no NIC has a link, and reports a socket that fails as heard nothing', async () => {
    const clock = new ManualClock();
    const net = fakeNetwork({ eno1: false });
    expect([...(await collectLldp(net.options(clock)))]).toEqual([['eno1', []]]);
    const failing = fakeNetwork({ eno1: true });
    const options = failing.options(clock);
    const broken = { ...options, open: () => ({ read: () => { throw new Error('recvfrom: Network is down'); }, close: () => undefined }) };
    expect([...(await collectLldp(broken))]).toEqual([['eno1', []]]);
  });

  it('stops with the agent and closes its sockets', async () => {
    const clock = new ManualClock();
    const net = fakeNetwork({ eno1: true });
    const controller = new AbortController();
    const result = collectLldp(net.options(clock, { signal: controller.signal }));
    await clock.advance(100);
    controller.abort(new Error('stopping'));
    await expect(result).rejects.toThrow('stopping');
    expect(net.closed).toEqual(['eno1']);
  });
});
