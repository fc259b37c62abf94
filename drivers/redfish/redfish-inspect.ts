import { DriverOperationError, type JsonObject, type NodeRef } from '../../core/index.js';
import type { DriverContext, InspectInterface, InspectOutcome } from '../interfaces/index.js';
import { summarizeInspection, type InspectionDocuments } from './inspection-data.js';
import { linkAt, linksAt, memberLinks } from './json-fields.js';
import type { RedfishClient } from './redfish-client.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { httpFailureOf } from './redfish-failure.js';
import { readSystem } from './redfish-system.js';

/**
 * `redfish` inspect (out-of-band): CPUs, memory, disks and NICs from the System's Processors, Memory, Storage
 * (Drives, Volumes) or SimpleStorage and EthernetInterfaces. A missing or broken sub-collection is skipped,
 * not fatal (Cisco UCS blades lack EthernetInterfaces); the BMC being unreachable is.
 */
export class RedfishInspect implements InspectInterface {
  constructor(private readonly pool: RedfishClientPool) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
  }

  async inspectHardware(node: NodeRef, ctx: DriverContext): Promise<InspectOutcome> {
    const { client, system } = await readSystem(this.pool, node, ctx);
    const read = (path: string | undefined): Promise<JsonObject[]> => readMembers(client, path, ctx);
    const storages = await read(linkAt(system.body, 'Storage'));
    const docs: InspectionDocuments = {
      system: system.body,
      processors: await read(linkAt(system.body, 'Processors')),
      memory: await read(linkAt(system.body, 'Memory')),
      drives: await readAll(client, storages.flatMap((s) => linksAt(s, 'Drives')), ctx),
      volumes: (await Promise.all(storages.map((s) => read(linkAt(s, 'Volumes'))))).flat(),
      simpleStorage: await read(linkAt(system.body, 'SimpleStorage')),
      nics: await read(linkAt(system.body, 'EthernetInterfaces')),
    };
    const capabilities = node.properties['capabilities'];
    const summary = summarizeInspection(docs, typeof capabilities === 'string' ? capabilities : undefined);
    // Ironic fails inspection without its essential properties rather than storing zeros (HardwareInspectionFailure).
    const missing = ['cpu_arch', 'memory_mb'].filter((key) => !summary.properties[key]);
    if (missing.length > 0) {
      throw new DriverOperationError('HardwareInspectionFailure', `Failed to discover the following properties: ${missing.join(', ')} on node ${node.uuid} (BMC ${client.origin}).`);
    }
    ctx.log.info({ node: node.uuid, ...summary.properties, ports: summary.ports.length }, 'redfish inspection read the hardware');
    return { result: 'done', ...summary };
  }
}

/** The members of a collection, skipping what the BMC cannot serve. */
export async function readMembers(client: RedfishClient, path: string | undefined, ctx: DriverContext): Promise<JsonObject[]> {
  if (path === undefined) return [];
  const collection = await optional(client, path, ctx);
  return collection ? readAll(client, memberLinks(collection), ctx) : [];
}

async function readAll(client: RedfishClient, paths: string[], ctx: DriverContext): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for (const path of paths) {
    const body = await optional(client, path, ctx);
    if (body) out.push(body);
  }
  return out;
}

/** A resource, or undefined when the BMC answers with an HTTP error; transport and auth failures still throw. */
async function optional(client: RedfishClient, path: string, ctx: DriverContext): Promise<JsonObject | undefined> {
  try {
    return (await client.get(path, ctx)).body;
  } catch (error) {
    const failure = httpFailureOf(error);
    if (failure === undefined || failure.status === 401) throw error;
    ctx.log.warn({ bmc: client.origin, path, status: failure.status }, 'redfish inspection skipped a resource the BMC could not serve');
    return undefined;
  }
}
