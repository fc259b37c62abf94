import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Conflict, InvalidParameterValue, NodeLocked, type JsonObject, type NodeRecord, type PortRecord } from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { requireMinor, requireResourceMinor } from '../microversion.js';
import { checkArguments } from '../request-body.js';
import { doc, type RouteOptions } from '../route-options.js';
import { findNode } from './find-node.js';

type IdentParams = { Params: { ident: string } };
type VifParams = { Params: { ident: string; vif: string } };

/** Where Ironic records an attached VIF (port and portgroup internal_info). */
export const VIF_KEY = 'tenant_vif_port_id';
const ALL = { limit: 100_000, sortKey: 'id', sortDir: 'asc' } as const;

function vifOf(info: JsonObject): string | undefined {
  const vif = info[VIF_KEY];
  return typeof vif === 'string' ? vif : undefined;
}

async function nodePorts(deps: ApiDeps, node: NodeRecord): Promise<PortRecord[]> {
  return deps.store.ports.list({ node_uuid: node.uuid }, ALL);
}

function freePort(ports: PortRecord[], wanted: string | undefined, vif: string): PortRecord {
  const candidates = ports
    .filter((p) => vifOf(p.internal_info) === undefined && (wanted === undefined || p.uuid === wanted))
    .sort((a, b) => Number(b.pxe_enabled) - Number(a.pxe_enabled));
  const port = candidates[0];
  if (!port) throw new InvalidParameterValue(`Unable to attach VIF ${vif}, not enough free physical ports.`);
  return port;
}

/** `/v1/nodes/{id}/vifs` (1.28): VIF ids kept in port internal_info, as Ironic's network interfaces do. */
export const nodeVifRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const node = async (request: FastifyRequest<IdentParams>) => {
    requireResourceMinor(request.apiMinor, 28);
    return findNode(deps.store, request.params.ident, request.apiMinor);
  };

  app.get<IdentParams>('/nodes/:ident/vifs', doc('nodes', 'List attached VIFs'), async (request) => {
    const ports = await nodePorts(deps, await node(request));
    return { vifs: ports.flatMap((p) => { const vif = vifOf(p.internal_info); return vif === undefined ? [] : [{ id: vif }]; }) };
  });

  app.post<IdentParams>('/nodes/:ident/vifs', doc('nodes', 'Attach a VIF'), async (request, reply) => {
    const body = checkArguments(request.body, ['id', 'port_uuid', 'portgroup_uuid'], ['id']);
    if (body['port_uuid'] !== undefined || body['portgroup_uuid'] !== undefined) requireMinor(request.apiMinor, 67);
    const vif = body['id'];
    if (typeof vif !== 'string' || vif === '') throw new InvalidParameterValue('Invalid id: must be a non-empty string');
    const found = await node(request);
    if (found.reservation !== null) throw new NodeLocked(found.uuid, found.reservation);
    const ports = await nodePorts(deps, found);
    const attached = ports.find((p) => vifOf(p.internal_info) === vif);
    if (attached) throw new Conflict('VifAlreadyAttached', `Unable to set VIF ${vif}, it is already attached to port ${attached.uuid}.`);
    const port = freePort(ports, typeof body['port_uuid'] === 'string' ? body['port_uuid'] : undefined, vif);
    await deps.store.ports.update(port.uuid, { internal_info: { ...port.internal_info, [VIF_KEY]: vif } });
    return reply.code(204).send();
  });

  app.delete<VifParams>('/nodes/:ident/vifs/:vif', doc('nodes', 'Detach a VIF'), async (request, reply) => {
    const found = await node(request);
    if (found.reservation !== null) throw new NodeLocked(found.uuid, found.reservation);
    const { vif } = request.params;
    const port = (await nodePorts(deps, found)).find((p) => vifOf(p.internal_info) === vif);
    if (!port) throw new InvalidParameterValue(`Unable to detach VIF ${vif} from node ${found.uuid} because it is not attached to it.`);
    const info = Object.fromEntries(Object.entries(port.internal_info).filter(([k]) => k !== VIF_KEY));
    await deps.store.ports.update(port.uuid, { internal_info: info });
    return reply.code(204).send();
  });
};
