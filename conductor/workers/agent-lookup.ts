import { IncompleteLookup, NotFound, ProvisionState, parseMacAddress, type NodeRecord } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { nodeWithToken } from './agent-token.js';

const S = ProvisionState;

/** States a ramdisk may look its node up in (Ironic's LOOKUP_ALLOWED_STATES, restrict_lookup on). */
export const LOOKUP_ALLOWED_STATES: ReadonlySet<string> = new Set([
  S.Deploying, S.DeployWait, S.Cleaning, S.CleanWait, S.Inspecting, S.InspectWait, S.Rescuing, S.RescueWait, S.ServiceWait,
]);

/**
 * Stable states a running ramdisk may also look its node up in with fast-track on (Ironic's
 * FASTTRACK_LOOKUP_ALLOWED_STATES): its heartbeats there are only recorded, so a restarted agent finds its node.
 */
export const FAST_TRACK_LOOKUP_STATES: ReadonlySet<string> = new Set([S.Enroll, S.Manageable, S.Available, S.Servicing, S.ServiceHold]);

/** True when a ramdisk may look up a node in `state`. */
export function isLookupAllowed(state: string, fastTrack: boolean): boolean {
  return LOOKUP_ALLOWED_STATES.has(state) || (fastTrack && FAST_TRACK_LOOKUP_STATES.has(state));
}

/** One message for every miss, so a caller cannot tell an unknown node from one in the wrong state. */
export function lookupNotFound(): NotFound {
  return new NotFound('resource', '', 'The resource could not be found.');
}

/** Valid MACs among `addresses` (normalized); the invalid ones are ignored, as Ironic does. */
export function validMacs(addresses: readonly string[]): string[] {
  return addresses.map((a) => parseMacAddress(a.trim())).filter((m): m is string => m !== undefined);
}

/** The node whose ports have one of `macs` (Node.get_by_port_addresses); undefined when none or several. */
export async function nodeByMacs(deps: Pick<ConductorDeps, 'store'>, macs: readonly string[]): Promise<NodeRecord | undefined> {
  const owners = new Set<string>();
  for (const address of macs) {
    const ports = await deps.store.ports.list({ address }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
    for (const port of ports) owners.add(port.node_uuid);
  }
  if (owners.size !== 1) return undefined;
  const [uuid] = [...owners];
  return uuid === undefined ? undefined : deps.store.nodes.get(uuid);
}

/**
 * GET /v1/lookup (ironic/api/controllers/v1/ramdisk.py LookupController): the node by UUID or by its ports'
 * MACs, only in a state where a ramdisk is expected (or, with fast-track, may still run); 404 otherwise, 400 without any usable key. The first
 * lookup of a ramdisk session gets the token in clear.
 */
export async function agentLookup(deps: ConductorDeps, addresses: readonly string[], nodeUuid: string | undefined): Promise<{ node: NodeRecord; token: string }> {
  const macs = validMacs(addresses);
  if (macs.length === 0 && (nodeUuid === undefined || nodeUuid === '')) throw new IncompleteLookup();
  const node = nodeUuid ? await deps.store.nodes.get(nodeUuid) : await nodeByMacs(deps, macs);
  if (node === undefined || (nodeUuid !== undefined && node.uuid !== nodeUuid)) {
    deps.log.warn({ macs, node: nodeUuid }, 'agent lookup found no node');
    throw lookupNotFound();
  }
  if (!isLookupAllowed(node.provision_state, deps.provisioning.fastTrack?.enabled === true)) {
    deps.log.warn({ node: node.uuid, state: node.provision_state }, 'agent lookup refused: node is not waiting for a ramdisk');
    throw lookupNotFound();
  }
  return nodeWithToken(deps, node);
}
