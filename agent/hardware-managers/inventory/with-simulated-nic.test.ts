import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../core/index.js';
import { withSimulatedNic } from './with-simulated-nic.js';

const base = { interfaces: [{ name: 'eth0', mac_address: '02:00:00:00:00:01' }] } as unknown as Inventory;

describe('withSimulatedNic', () => {
  it('adds the BOOTIF NIC first when the host has no such MAC', () => {
    expect(withSimulatedNic(base, '52:54:00:AA:BB:01').interfaces.map((i) => i.mac_address)).toEqual(['52:54:00:aa:bb:01', '02:00:00:00:00:01']);
  });

  it('leaves the inventory alone when BOOTIF is unknown or already present', () => {
    expect(withSimulatedNic(base, '')).toBe(base);
    expect(withSimulatedNic(base, '02:00:00:00:00:01')).toBe(base);
  });
});
