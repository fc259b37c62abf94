import { describe, expect, it } from 'vitest';
import { isoTimestamp, newNode } from '../../core/index.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { managementContract } from '../../test/contract/management.contract.js';
import { refOf, testContext } from '../../test/contract/driver-test-context.js';
import { FakeMachines } from './fake-machines.js';
import { FakeManagement } from './fake-management.js';

const node = refOf(newNode({ uuid: '22222222-1111-4111-8111-111111111111', driver: 'fake-hardware', provision_state: 'enroll', created_at: isoTimestamp(0) }));

describe('FakeManagement', () => {
  managementContract('fake management', () => Promise.resolve({ management: new FakeManagement(new FakeMachines({ clock: new ManualClock() })), node }));

  it('boots from pxe, not persistently, until told otherwise (as Ironic fake reports)', async () => {
    const management = new FakeManagement(new FakeMachines({ clock: new ManualClock() }));
    await expect(management.getBootDevice(node, testContext())).resolves.toEqual({ boot_device: 'pxe', persistent: false });
  });

  it('counts injected NMIs and remembers secure boot', async () => {
    const machines = new FakeMachines({ clock: new ManualClock() });
    const management = new FakeManagement(machines);
    await management.injectNmi(node);
    await management.setSecureBoot(node, true, testContext());
    expect(machines.machine(node.uuid)).toMatchObject({ nmiCount: 1, secureBoot: true });
  });
});
