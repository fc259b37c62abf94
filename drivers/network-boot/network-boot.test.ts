import { describe, expect, it } from 'vitest';
import { MissingParameterValue, newNode, type NodeRecord } from '../../core/index.js';
import { refOf, testStepContext } from '../../test/contract/driver-test-context.js';
import { NetworkBoot } from './network-boot.js';

function aNode(driverInfo: NodeRecord['driver_info'] = {}): NodeRecord {
  return { ...newNode({ uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', driver: 'ipmi', provision_state: 'enroll', created_at: '2026-11-21T00:00:00+00:00' }), driver_info: driverInfo };
}

describe('NetworkBoot', () => {
  const withDefaults = new NetworkBoot('ipxe', { defaultDeployKernel: 'deploy.kernel', defaultDeployRamdisk: 'deploy.initramfs' });
  const noDefaults = new NetworkBoot('pxe', { defaultDeployKernel: '', defaultDeployRamdisk: ' ' });

  it('accepts a node without deploy images when the conductor has defaults', () => {
    expect(() => withDefaults.validate(refOf(aNode()))).not.toThrow();
  });

  it('names each missing deploy image when neither the node nor the conductor has one', () => {
    expect(() => noDefaults.validate(refOf(aNode()))).toThrow(MissingParameterValue);
    expect(() => noDefaults.validate(refOf(aNode({ deploy_kernel: 'http://x/k' })))).toThrow(/\['deploy_ramdisk'\]/);
    expect(() => noDefaults.validate(refOf(aNode({ deploy_kernel: 'http://x/k', deploy_ramdisk: 'http://x/r' })))).not.toThrow();
  });

  it('boots the ramdisk from the network once, and the instance from the disk persistently', async () => {
    const node = aNode();
    const ctx = testStepContext(node);
    await withDefaults.prepareRamdisk(refOf(node), 'deploy', ctx);
    await withDefaults.cleanUpRamdisk();
    await withDefaults.prepareInstance(refOf(node), ctx);
    expect(ctx.bootDeviceCalls).toEqual([{ device: 'pxe', persistent: false }, { device: 'disk', persistent: true }]);
  });

  it('refuses to prepare a ramdisk it could not serve, before touching the BMC', async () => {
    const node = aNode();
    const ctx = testStepContext(node);
    await expect(noDefaults.prepareRamdisk(refOf(node), 'clean', ctx)).rejects.toThrow(MissingParameterValue);
    expect(ctx.bootDeviceCalls).toEqual([]);
  });
});
