import { expect, it } from 'vitest';
import type { NodeRef } from '../../core/index.js';
import type { ManagementInterface } from '../../drivers/interfaces/index.js';
import { testContext } from './driver-test-context.js';

/** What every management interface must do. */
export function managementContract(
  name: string,
  setup: () => Promise<{ management: ManagementInterface; node: NodeRef }>,
): void {
  it(`${name}: supports pxe and disk boot devices`, async () => {
    const { management, node } = await setup();
    await expect(management.getSupportedBootDevices(node, testContext())).resolves.toEqual(
      expect.arrayContaining(['pxe', 'disk']),
    );
  });

  it(`${name}: reports the boot device it was last set to`, async () => {
    const { management, node } = await setup();
    await management.setBootDevice(node, 'disk', true, testContext());
    await expect(management.getBootDevice(node, testContext())).resolves.toEqual({
      boot_device: 'disk',
      persistent: true,
    });
    await management.setBootDevice(node, 'pxe', false, testContext());
    await expect(management.getBootDevice(node, testContext())).resolves.toMatchObject({ boot_device: 'pxe' });
  });

  it(`${name}: reports the boot mode it was set to, when it can`, async () => {
    const { management, node } = await setup();
    if (!management.setBootMode || !management.getBootMode) return;
    // Hardware that cannot change the boot mode says so with UnsupportedDriverExtension (HPE Gen9, blades).
    const refused = await management.setBootMode(node, 'bios', testContext()).then(() => undefined, (error: unknown) => error);
    if (refused !== undefined) {
      expect(refused).toMatchObject({ code: 'UnsupportedDriverExtension' });
      return;
    }
    await expect(management.getBootMode(node, testContext())).resolves.toBe('bios');
  });
}
