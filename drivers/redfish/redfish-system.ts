import { MissingParameterValue, type NodeRef } from '../../core/index.js';
import { linkAt, memberLinks } from './json-fields.js';
import type { RedfishClient, RedfishResource, RequestContext } from './redfish-client.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import type { RedfishDriverInfo } from './redfish-driver-info.js';
import { RedfishErrorCode, redfishError } from './redfish-failure.js';
import { quirksFor, type VendorQuirks } from './vendor-quirks.js';

/** A node's ComputerSystem as read just now, with the client that read it and the BMC's quirks. */
export interface SystemHandle {
  client: RedfishClient;
  info: RedfishDriverInfo;
  system: RedfishResource;
  quirks: VendorQuirks;
}

/** Reads the node's ComputerSystem afresh (power state and boot settings must never come from a cache). */
export async function readSystem(pool: RedfishClientPool, node: NodeRef, ctx: RequestContext): Promise<SystemHandle> {
  const { client, info } = pool.clientFor(node);
  const path = await systemPath(client, info, node, ctx);
  const system = await client.get(path, ctx);
  return { client, info, system, quirks: quirksFor(system.body) };
}

/**
 * The ComputerSystem URI: driver_info redfish_system_id when given, else the only member of the Systems
 * collection. Like sushy, several Systems without redfish_system_id is an error (DMTF public-bladed, Cray EX).
 */
export async function systemPath(client: RedfishClient, info: RedfishDriverInfo, node: NodeRef, ctx: RequestContext): Promise<string> {
  if (info.systemId !== undefined) return info.systemId;
  const systems = linkAt(await client.serviceRoot(ctx), 'Systems');
  if (systems === undefined) throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${client.origin} lists no Systems collection in its service root.`);
  const members = memberLinks((await client.get(systems, ctx)).body);
  const [only, ...others] = members;
  if (only === undefined) throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${client.origin} manages no ComputerSystem (empty ${systems}).`);
  if (others.length > 0) {
    throw new MissingParameterValue(`BMC ${client.origin} of node ${node.uuid} manages ${members.length} systems (${members.join(', ')}); set driver_info redfish_system_id to one of them.`);
  }
  return only;
}
