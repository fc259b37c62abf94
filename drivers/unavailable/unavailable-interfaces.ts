import { UnsupportedDriverExtension, type InterfaceName, type NodeRef } from '../../core/index.js';
import type { DeployInterface, RescueInterface } from '../interfaces/index.js';

// Ironic's generic hardware types list interfaces Ferro has not built (the ramdisk and custom-agent deploy
// interfaces, rescue through the agent). These stand-ins let nodes that name them load, while validation and
// every action of the missing interface say plainly why they cannot run.

function notYet(iface: InterfaceName, name: string, node: Pick<NodeRef, 'uuid'>): UnsupportedDriverExtension {
  return new UnsupportedDriverExtension(
    `The ${iface} interface "${name}" of node ${node.uuid} is not built in Ferro; use the deploy interface "direct" and the rescue interface "no-rescue".`,
  );
}

/** A deploy interface (ramdisk, custom-agent) that is not built. */
export function unavailableDeploy(name: string): DeployInterface {
  return {
    validate: (node) => { throw notYet('deploy', name, node); },
    getSteps: () => Promise.resolve([]),
    executeStep: (node) => Promise.reject(notYet('deploy', name, node)),
    tearDown: (node) => Promise.reject(notYet('deploy', name, node)),
  };
}

/** Rescue through the agent, not built yet. */
export function unavailableRescue(name: string): RescueInterface {
  const reject = (node: NodeRef): Promise<never> => Promise.reject(notYet('rescue', name, node));
  return { validate: (node) => { throw notYet('rescue', name, node); }, rescue: reject, unrescue: reject, cleanUp: () => Promise.resolve() };
}
