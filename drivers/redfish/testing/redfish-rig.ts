import type { JsonObject } from '../../../core/index.js';
import { refOf, testContext, testStepContext } from '../../../test/contract/driver-test-context.js';
import { createRedfishImplementations } from '../index.js';
import type { RedfishOptions } from '../redfish-options.js';
import { miniBmcTree } from './mini-bmc-tree.js';
import { aRedfishNode, testRedfishOptions } from './redfish-test-kit.js';
import { ScriptedBmc, redfishNodeInfo } from './scripted-bmc.js';

/** A scripted BMC serving the mini tree (changed by `edit`), the Redfish implementations and a node for it. */
export async function redfishRig(edit: (tree: Record<string, JsonObject>) => void = () => undefined, options: Partial<RedfishOptions> = {}) {
  const tree = miniBmcTree();
  edit(tree);
  const bmc = await ScriptedBmc.start(tree);
  const redfish = createRedfishImplementations(testRedfishOptions(options));
  const node = aRedfishNode(redfishNodeInfo(bmc, { redfish_auth_type: 'basic', deploy_iso: 'https://images.example/deploy.iso' }), {
    target_raid_config: { logical_disks: [{ size_gb: 100, raid_level: '1', is_root_volume: true }] },
  });
  const impl = redfish.implementations;
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('missing implementation');
    return value;
  };
  return {
    bmc, node, ref: refOf(node), ctx: testContext(), stepCtx: testStepContext(node),
    power: need(impl.power?.['redfish']), management: need(impl.management?.['redfish']), bios: need(impl.bios?.['redfish']),
    raid: need(impl.raid?.['redfish']), firmware: need(impl.firmware?.['redfish']), inspect: need(impl.inspect?.['redfish']),
    boot: need(impl.boot?.['redfish-virtual-media']), vendor: need(impl.vendor?.['redfish']),
    close: async () => {
      await redfish.close();
      await bmc.close();
    },
  };
}

/** The System of the mini tree. */
export const SYSTEM = '/redfish/v1/Systems/1';
