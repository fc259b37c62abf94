import { describe } from 'vitest';
import { isoTimestamp, newNode } from '../../core/index.js';
import { createFakeImplementations } from '../../drivers/fake/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { biosContract } from './bios.contract.js';
import { bootContract } from './boot.contract.js';
import { firmwareContract } from './firmware.contract.js';
import { raidContract } from './raid.contract.js';

// The fake implementations must pass the same contracts as the Redfish ones (STYLE §8: keeps fakes honest).
const aNode = () => newNode({
  uuid: '33333333-1111-4111-8111-111111111111', driver: 'fake-hardware', provision_state: 'manageable', created_at: isoTimestamp(0),
  target_raid_config: { logical_disks: [{ size_gb: 100, raid_level: '1', is_root_volume: true }] },
});

function fakes() {
  return createFakeImplementations({ clock: new ManualClock() });
}

describe('fake implementations against the bios, raid, firmware and boot contracts', () => {
  biosContract('fake bios', async () => {
    const bios = fakes().implementations.bios?.['fake'];
    if (!bios) throw new Error('no fake bios');
    return Promise.resolve({ bios, node: aNode(), change: { name: 'ProcVirtualization', value: 'Disabled' } });
  });

  raidContract('fake raid', async () => {
    const raid = fakes().implementations.raid?.['fake'];
    if (!raid) throw new Error('no fake raid');
    return Promise.resolve({ raid, node: aNode() });
  });

  firmwareContract('fake firmware', async () => {
    const firmware = fakes().implementations.firmware?.['fake'];
    if (!firmware) throw new Error('no fake firmware');
    return Promise.resolve({ firmware, node: aNode(), update: { component: 'bios', url: 'http://127.0.0.1/bios.bin' } });
  });

  bootContract('fake boot', async () => {
    const { machines, implementations } = fakes();
    const boot = implementations.boot?.['fake'];
    if (!boot) throw new Error('no fake boot');
    const node = aNode();
    const booted = () => {
      const m = machines.machine(node.uuid);
      return Promise.resolve(m.ramdisk !== null ? 'ramdisk' as const : m.instanceBootReady ? 'instance' as const : 'nothing' as const);
    };
    return Promise.resolve({ boot, node, booted });
  });
});
