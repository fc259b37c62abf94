import { afterEach, describe } from 'vitest';
import { biosContract } from '../../test/contract/bios.contract.js';
import { bootContract } from '../../test/contract/boot.contract.js';
import { refOf } from '../../test/contract/driver-test-context.js';
import { firmwareContract } from '../../test/contract/firmware.contract.js';
import { inspectContract } from '../../test/contract/inspect.contract.js';
import { managementContract } from '../../test/contract/management.contract.js';
import { powerContract } from '../../test/contract/power.contract.js';
import { raidContract } from '../../test/contract/raid.contract.js';
import { createRedfishImplementations } from './index.js';
import { miniBmcTree } from './testing/mini-bmc-tree.js';
import { ScriptedBmc, redfishNodeInfo } from './testing/scripted-bmc.js';
import { aRedfishNode, testRedfishOptions } from './testing/redfish-test-kit.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh loopback BMC with credentials and ETags, and the Redfish implementations pointed at it. */
async function rig() {
  const bmc = await ScriptedBmc.start(miniBmcTree());
  bmc.credentials = { username: 'admin', password: 'secret' };
  bmc.etags = true;
  const redfish = createRedfishImplementations(testRedfishOptions());
  cleanups.push(() => bmc.close(), () => redfish.close());
  const node = aRedfishNode(redfishNodeInfo(bmc, { deploy_iso: 'http://127.0.0.1:1/deploy.iso' }), {
    target_raid_config: { logical_disks: [{ size_gb: 100, raid_level: '1', is_root_volume: true }] },
  });
  const get = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('missing implementation');
    return value;
  };
  return { bmc, node, impl: redfish.implementations, get };
}

describe('Redfish implementations against the contracts, on a scripted loopback BMC', () => {
  powerContract('redfish power', async () => {
    const { impl, node, get } = await rig();
    return { power: get(impl.power?.['redfish']), node: refOf(node) };
  });
  managementContract('redfish management', async () => {
    const { impl, node, get } = await rig();
    return { management: get(impl.management?.['redfish']), node: refOf(node) };
  });
  inspectContract('redfish inspect', async () => {
    const { impl, node, get } = await rig();
    return { inspect: get(impl.inspect?.['redfish']), node: refOf(node) };
  });
  biosContract('redfish bios', async () => {
    const { impl, node, get } = await rig();
    return { bios: get(impl.bios?.['redfish']), node, change: { name: 'ProcTurboMode', value: 'Disabled' }, power: get(impl.power?.['redfish']) };
  });
  raidContract('redfish raid', async () => {
    const { impl, node, get } = await rig();
    return { raid: get(impl.raid?.['redfish']), node, power: get(impl.power?.['redfish']) };
  });
  firmwareContract('redfish firmware', async () => {
    const { impl, node, get } = await rig();
    return { firmware: get(impl.firmware?.['redfish']), node, update: { component: 'bios', url: 'http://127.0.0.1:1/bios.bin' }, power: get(impl.power?.['redfish']) };
  });
  bootContract('redfish-virtual-media boot', async () => {
    const { impl, node, get, bmc } = await rig();
    const booted = () => {
      const slot = bmc.resource('/redfish/v1/Systems/1/VirtualMedia/CD1');
      const boot = bmc.resource('/redfish/v1/Systems/1')['Boot'] as Record<string, unknown>;
      if (slot['Inserted'] === true && boot['BootSourceOverrideTarget'] === 'Cd') return Promise.resolve('ramdisk' as const);
      return Promise.resolve(boot['BootSourceOverrideTarget'] === 'Hdd' ? 'instance' as const : 'nothing' as const);
    };
    return { boot: get(impl.boot?.['redfish-virtual-media']), node, booted };
  });
});
