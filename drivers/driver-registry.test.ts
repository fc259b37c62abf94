import { describe, expect, it } from 'vitest';
import { isoTimestamp, newNode } from '../core/index.js';
import { ManualClock } from '../test/support/manual-clock.js';
import { createFakeImplementations } from './fake/index.js';
import { createNoopImplementations } from './noop/index.js';
import { createDriverRegistry } from './driver-registry.js';

const impls = () => [createNoopImplementations(), createFakeImplementations({ clock: new ManualClock() }).implementations];

describe('DriverRegistry', () => {
  it('gives fake-hardware nodes the interfaces Ironic 21.4 gives them', () => {
    const registry = createDriverRegistry({}, impls());
    expect(registry.resolveInterfaces('fake-hardware', {})).toEqual({
      bios_interface: 'fake', boot_interface: 'fake', console_interface: 'fake', deploy_interface: 'fake', firmware_interface: 'fake',
      inspect_interface: 'fake', management_interface: 'fake', network_interface: 'noop', power_interface: 'fake', raid_interface: 'fake',
      rescue_interface: 'fake', storage_interface: 'noop', vendor_interface: 'fake',
    });
  });

  it('enables fake-hardware and manual-management by default', () => {
    const registry = createDriverRegistry({}, impls());
    expect(registry.hardwareTypes.map((t) => t.name)).toEqual(['fake-hardware', 'manual-management']);
    expect(registry.resolveInterfaces('manual-management', {})).toMatchObject({ power_interface: 'fake', management_interface: 'noop', inspect_interface: 'no-inspect' });
  });

  it('answers an unknown driver with NoValidHost and Ironic message', () => {
    const registry = createDriverRegistry({}, impls());
    expect(() => registry.resolveInterfaces('nope', {})).toThrow('No valid host was found. Reason: No conductor service registered which supports driver nope for conductor group "".');
  });

  it('rejects an unknown implementation with InterfaceNotFoundInEntrypoint listing the enabled ones', () => {
    const registry = createDriverRegistry({}, impls());
    expect(() => registry.resolveInterfaces('fake-hardware', { power_interface: 'bogus' }))
      .toThrow("Could not find the following interface in the 'ironic.hardware.interfaces.power' entrypoint: bogus. Valid interfaces are 'fake'.");
  });

  it('rejects an implementation the hardware type does not support', () => {
    const registry = createDriverRegistry({}, impls());
    expect(() => registry.resolveInterfaces('fake-hardware', { management_interface: 'noop', inspect_interface: 'no-inspect', raid_interface: 'no-raid' })).not.toThrow();
    expect(() => registry.resolveInterfaces('manual-management', { bios_interface: 'fake' }))
      .toThrow("bios interface implementation 'fake' is not supported by hardware type manual-management.");
  });

  it('honours enabled and default interface configuration', () => {
    const registry = createDriverRegistry({ enabledInterfaces: { deploy: ['fake'], inspect: ['no-inspect', 'fake'] }, defaultInterfaces: { inspect: 'no-inspect' } }, impls());
    expect(registry.resolveInterfaces('fake-hardware', {})).toMatchObject({ inspect_interface: 'no-inspect', deploy_interface: 'fake' });
  });

  it('refuses to load a hardware type whose core interface has no implementation', () => {
    expect(() => createDriverRegistry({ enabledHardwareTypes: ['ipmi'] }, impls())).toThrow(/ipmi cannot be loaded: no enabled boot interface/);
    expect(() => createDriverRegistry({ enabledHardwareTypes: ['bogus'] }, impls())).toThrow(/Unknown hardware type "bogus"/);
  });

  it('resolves a node to implementations with their names', () => {
    const registry = createDriverRegistry({}, impls());
    const node = { ...newNode({ uuid: 'u', driver: 'fake-hardware', provision_state: 'enroll', created_at: isoTimestamp(0) }) };
    const driver = registry.forNode(node);
    expect(driver.names.power).toBe('fake');
    expect(typeof driver.power.getPowerState).toBe('function');
    expect(() => driver.bios.validate(node)).not.toThrow();
  });
});
