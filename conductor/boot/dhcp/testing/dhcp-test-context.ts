import { silentLogger } from '../../../../core/index.js';
import { ManualClock } from '../../../../test/support/manual-clock.js';
import type { DhcpContext } from '../dhcp-context.js';
import type { DhcpHost } from '../dhcp-host-reader.js';
import type { DhcpSettings } from '../dhcp-settings.js';
import type { LeaseStore, StoredLease } from '../lease-store.js';
import { parseCidr } from '../ipv4-address.js';
import { createServedSubnets } from '../served-subnet.js';

/** Settings for one /24 served on an interface with address 10.0.0.1. */
export function testSettings(overrides: Partial<DhcpSettings> = {}): DhcpSettings {
  return {
    mode: 'full',
    interfaces: ['eth0'],
    subnets: [
      {
        cidr: '10.0.0.0/24',
        network: parseCidr('10.0.0.0/24') ?? { address: 0, prefixLength: 0, mask: 0 },
        first: '10.0.0.100',
        last: '10.0.0.199',
        router: '10.0.0.1',
        dns: ['10.0.0.1'],
      },
      {
        cidr: '10.9.0.0/24',
        network: parseCidr('10.9.0.0/24') ?? { address: 0, prefixLength: 0, mask: 0 },
        first: '10.9.0.10',
        last: '10.9.0.20',
        router: '10.9.0.1',
        dns: [],
      },
    ],
    leaseTimeS: 3600,
    offerHoldS: 60,
    declineHoldS: 600,
    allowUnknownClients: true,
    maxDynamicLeases: 1000,
    maxNewClientsPerSecond: 1000,
    boot: {
      bootServer: '',
      httpBaseUrl: '',
      ipxeScriptPath: 'boot.ipxe',
      biosFile: 'undionly.kpxe',
      uefiX64File: 'snponly.efi',
      uefiArm64File: 'ipxe-arm64.efi',
    },
    ...overrides,
  };
}

/** An in-memory lease store that records what it was given. */
export function memoryLeaseStore(): LeaseStore & { rows: Map<string, StoredLease> } {
  const rows = new Map<string, StoredLease>();
  return {
    rows,
    list: () => Promise.resolve([...rows.values()]),
    put: (lease) => Promise.resolve(void rows.set(lease.address, { ...lease })),
    delete: (address) => Promise.resolve(rows.delete(address)),
    deleteExpired: (nowIso) =>
      Promise.resolve([...rows.values()].filter((l) => l.expires_at <= nowIso && rows.delete(l.address)).length),
  };
}

/** A context over a manual clock, the given enrolled hosts and an in-memory lease store. */
export function testContext(settings: DhcpSettings = testSettings(), hosts: Record<string, DhcpHost> = {}) {
  const clock = new ManualClock(Date.parse('2026-11-21T00:00:00Z'));
  const leases = memoryLeaseStore();
  const ctx: DhcpContext = {
    settings,
    clock,
    leases,
    log: silentLogger,
    hosts: { findHost: (mac) => Promise.resolve(hosts[mac]) },
    subnets: createServedSubnets(settings, ['10.0.0.1'], clock),
  };
  return { ctx, clock, leases };
}

/** The arrival of a request on eth0 (10.0.0.1) port 67. */
export const onEth0 = {
  interfaceName: 'eth0',
  serverAddress: '10.0.0.1',
  port: 67,
  sourceAddress: '0.0.0.0',
  sourcePort: 68,
};
