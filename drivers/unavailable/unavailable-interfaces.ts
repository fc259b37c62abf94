import { UnsupportedDriverExtension, type InterfaceName, type NodeRef } from '../../core/index.js';
import type { DeployInterface, InspectInterface, RaidInterface, RescueInterface } from '../interfaces/index.js';

// Ironic's ipmi and redfish hardware types need a network-boot interface (ipxe, pxe, http ...) and the
// agent's deploy interface (direct ...). Ferro builds those in its boot-server and agent work; until then
// these stand-ins let such nodes load, so power, management, BIOS, RAID and firmware work through the BMC,
// while validation and every action of the missing interface say plainly why they cannot run.

function notYet(iface: InterfaceName, name: string, node: Pick<NodeRef, 'uuid'>): UnsupportedDriverExtension {
  return new UnsupportedDriverExtension(
    `The ${iface} interface "${name}" of node ${node.uuid} is not available in this Ferro build: it needs the network boot servers and the deploy agent, which are not built yet. Power, boot device, BIOS, RAID, firmware and (Redfish) inspection work through the BMC meanwhile.`,
  );
}

/** A deploy interface (direct, ramdisk, custom-agent) that is not built yet. */
export function unavailableDeploy(name: string): DeployInterface {
  return {
    validate: (node) => { throw notYet('deploy', name, node); },
    getSteps: () => Promise.resolve([]),
    executeStep: (node) => Promise.reject(notYet('deploy', name, node)),
    tearDown: (node) => Promise.reject(notYet('deploy', name, node)),
  };
}

/** In-band (agent) inspection, not built yet. */
export function unavailableInspect(name: string): InspectInterface {
  return {
    validate: (node) => { throw notYet('inspect', name, node); },
    inspectHardware: (node) => Promise.reject(notYet('inspect', name, node)),
  };
}

/** Software RAID through the agent, not built yet. */
export function unavailableRaid(name: string): RaidInterface {
  return {
    validate: (node) => { throw notYet('raid', name, node); },
    validateRaidConfig: (node) => { throw notYet('raid', name, node); },
    getLogicalDiskProperties: () => ({}),
  };
}

/** Rescue through the agent, not built yet. */
export function unavailableRescue(name: string): RescueInterface {
  const reject = (node: NodeRef): Promise<never> => Promise.reject(notYet('rescue', name, node));
  return { validate: (node) => { throw notYet('rescue', name, node); }, rescue: reject, unrescue: reject, cleanUp: () => Promise.resolve() };
}
