import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { InvalidParameterValue, NodeLocked, type JsonObject, type JsonValue } from '../../../core/index.js';
import { requireResourceMinor } from '../microversion.js';
import { asQuery, checkQueryArgs, queryString } from '../query-params.js';
import { checkArguments } from '../request-body.js';
import { doc, type RouteOptions } from '../route-options.js';
import { findNode } from './find-node.js';

type IdentParams = { Params: { ident: string } };

/** Where attached virtual media is recorded until the workers act on it. */
export const VMEDIA_KEY = 'vmedia_attached';
const DEVICE_TYPES = ['cdrom', 'dvd', 'floppy', 'usb', 'disk'];
const DOWNLOAD_SOURCES = ['http', 'local', 'swift'];

function attachment(body: Record<string, unknown>): JsonObject {
  const { device_type: deviceType, image_url: imageUrl, image_download_source: source } = body;
  if (typeof deviceType !== 'string' || !DEVICE_TYPES.includes(deviceType)) {
    throw new InvalidParameterValue(`Invalid device_type ${String(deviceType)}; valid types are ${DEVICE_TYPES.join(', ')}`);
  }
  if (typeof imageUrl !== 'string' || imageUrl === '') throw new InvalidParameterValue('image_url must be a non-empty string');
  if (source !== undefined && (typeof source !== 'string' || !DOWNLOAD_SOURCES.includes(source))) {
    throw new InvalidParameterValue(`Invalid image_download_source ${String(source)}; valid sources are ${DOWNLOAD_SOURCES.join(', ')}`);
  }
  return { device_type: deviceType, image_url: imageUrl, image_download_source: typeof source === 'string' ? source : 'local' };
}

function attached(info: JsonObject): JsonObject[] {
  const list = info[VMEDIA_KEY];
  return Array.isArray(list) ? list.filter((v): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)) : [];
}

/**
 * `/v1/nodes/{id}/vmedia` attach/detach (1.89). Requests are validated and recorded in
 * driver_internal_info; TODO(workers): hand them to the management interface through NodeActions.
 */
export const nodeVmediaRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const lockedNode = async (request: FastifyRequest<IdentParams>) => {
    requireResourceMinor(request.apiMinor, 89);
    const node = await findNode(deps.store, request.params.ident, request.apiMinor);
    if (node.reservation !== null) throw new NodeLocked(node.uuid, node.reservation);
    return node;
  };

  app.post<IdentParams>('/nodes/:ident/vmedia', doc('nodes', 'Attach virtual media'), async (request, reply) => {
    const media = attachment(checkArguments(request.body, ['device_type', 'image_url', 'image_download_source'], ['device_type', 'image_url']));
    const node = await lockedNode(request);
    const others = attached(node.driver_internal_info).filter((m) => m['device_type'] !== media['device_type']);
    const list: JsonValue = [...others, media];
    await deps.store.nodes.update(node.uuid, node.version, { driver_internal_info: { ...node.driver_internal_info, [VMEDIA_KEY]: list } });
    return reply.code(204).send();
  });

  app.delete<IdentParams>('/nodes/:ident/vmedia', doc('nodes', 'Detach virtual media'), async (request, reply) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['device_types']);
    const types = queryString(query, 'device_types')?.split(',').map((t) => t.trim());
    const node = await lockedNode(request);
    const kept = types === undefined ? [] : attached(node.driver_internal_info).filter((m) => !types.includes(String(m['device_type'])));
    await deps.store.nodes.update(node.uuid, node.version, { driver_internal_info: { ...node.driver_internal_info, [VMEDIA_KEY]: kept } });
    return reply.code(204).send();
  });
};
