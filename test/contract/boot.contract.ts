import { expect, it } from 'vitest';
import type { NodeRecord } from '../../core/index.js';
import type { BootInterface } from '../../drivers/interfaces/index.js';
import { refOf, testContext } from './driver-test-context.js';

/**
 * What every boot interface must do (PXE, virtual media, fake). `booted` reports what the machine would boot
 * next as the implementation sees it: 'ramdisk' after prepareRamdisk, anything else after the clean-ups.
 */
export function bootContract(
  name: string,
  setup: () => Promise<{ boot: BootInterface; node: NodeRecord; booted: () => Promise<'ramdisk' | 'instance' | 'nothing'> }>,
): void {
  it(`${name}: validates a well-formed node`, async () => {
    const { boot, node } = await setup();
    expect(() => boot.validate(refOf(node))).not.toThrow();
  });

  it(`${name}: prepares the deploy ramdisk and cleans it up again, twice in a row`, async () => {
    const { boot, node, booted } = await setup();
    await boot.prepareRamdisk(refOf(node), 'deploy', testContext());
    expect(await booted()).toBe('ramdisk');
    await boot.cleanUpRamdisk(refOf(node), 'deploy', testContext());
    await boot.cleanUpRamdisk(refOf(node), 'deploy', testContext());
    expect(await booted()).not.toBe('ramdisk');
  });

  it(`${name}: prepares the instance after the ramdisk and cleans it up`, async () => {
    const { boot, node, booted } = await setup();
    await boot.prepareRamdisk(refOf(node), 'deploy', testContext());
    await boot.cleanUpRamdisk(refOf(node), 'deploy', testContext());
    await boot.prepareInstance(refOf(node), testContext());
    expect(await booted()).toBe('instance');
    await boot.cleanUpInstance(refOf(node), testContext());
    await boot.cleanUpInstance(refOf(node), testContext());
  });
}
