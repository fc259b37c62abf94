import { Conflict, NodeAssociated, NodeProtected, type NodeRecord } from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { DELETE_ALLOWED_STATES } from './node-fields.js';

/** Ironic's refusals, in its order: associated (409), protected (403), wrong state (409) unless in maintenance. */
export function checkDeletable(node: NodeRecord): void {
  if (node.instance_uuid !== null && !node.maintenance) throw new NodeAssociated(node.uuid, node.instance_uuid);
  if (node.protected) throw new NodeProtected(node.uuid);
  if (!node.maintenance && !DELETE_ALLOWED_STATES.has(node.provision_state)) {
    throw new Conflict(
      'InvalidState',
      `Can not delete node "${node.uuid}" while it is in provision state "${node.provision_state}". Valid provision ` +
        `states to start deletion are ${[...DELETE_ALLOWED_STATES].map((s) => `'${s}'`).join(', ')}, in addition to any state when in maintenance mode.`,
    );
  }
}

/** Deletes a node under its lock (NodeLocked when busy); the store drops its ports, portgroups and history. */
export async function deleteNode(deps: ApiDeps, node: NodeRecord): Promise<void> {
  checkDeletable(node);
  const holder = deps.hostname;
  await deps.store.nodes.reserve(node.uuid, holder);
  try {
    await deps.store.nodes.delete(node.uuid);
  } catch (error) {
    await deps.store.nodes.release(node.uuid, holder);
    throw error;
  }
}
