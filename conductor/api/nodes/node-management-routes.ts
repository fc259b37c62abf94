import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { InvalidParameterValue, isBootDevice, type JsonObject } from '../../../core/index.js';
import { requireResourceMinor } from '../microversion.js';
import { asQuery, checkQueryArgs } from '../query-params.js';
import { checkArguments } from '../request-body.js';
import { callerOf } from '../request-context.js';
import { doc, type RouteOptions } from '../route-options.js';
import { findNode } from './find-node.js';

type IdentParams = { Params: { ident: string } };

/** Maintenance, validate, boot device and NMI: thin calls into NodeActions. */
export const nodeManagementRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const node = (request: FastifyRequest<IdentParams>) => findNode(deps.store, request.params.ident, request.apiMinor);

  app.put<IdentParams>('/nodes/:ident/maintenance', doc('nodes', 'Put a node in maintenance'), async (request, reply) => {
    const reason = checkArguments(request.body, ['reason'])['reason'] ?? asQuery(request.query)['reason'] ?? null;
    if (reason !== null && typeof reason !== 'string') throw new InvalidParameterValue('Invalid reason: must be a string');
    const found = await node(request);
    await deps.actions.setMaintenance(found.uuid, true, reason, callerOf(request));
    request.log.info({ node: found.uuid, reason }, 'maintenance set');
    return reply.code(202).send();
  });

  app.delete<IdentParams>('/nodes/:ident/maintenance', doc('nodes', 'Take a node out of maintenance'), async (request, reply) => {
    const found = await node(request);
    await deps.actions.setMaintenance(found.uuid, false, null, callerOf(request));
    request.log.info({ node: found.uuid }, 'maintenance unset');
    return reply.code(202).send();
  });

  app.get<IdentParams>('/nodes/:ident/validate', doc('nodes', 'Validate driver interfaces'), async (request) => {
    checkQueryArgs(asQuery(request.query), ['node_uuid']);
    const results = await deps.actions.validate((await node(request)).uuid);
    const out: JsonObject = {};
    for (const [iface, { result, reason }] of Object.entries(results)) {
      out[iface] = result === true && reason === null ? { result } : { result, reason };
    }
    return out;
  });

  app.get<IdentParams>('/nodes/:ident/management/boot_device', doc('nodes', 'Current boot device'), async (request) =>
    deps.actions.getBootDevice((await node(request)).uuid));

  app.put<IdentParams>('/nodes/:ident/management/boot_device', doc('nodes', 'Set boot device'), async (request, reply) => {
    const body = checkArguments(request.body, ['boot_device', 'persistent'], ['boot_device']);
    const device = body['boot_device'];
    if (!isBootDevice(device)) throw new InvalidParameterValue(`Invalid boot device ${String(device)} specified.`);
    const persistent = body['persistent'] ?? false;
    if (typeof persistent !== 'boolean') throw new InvalidParameterValue('Invalid persistent: must be a boolean');
    await deps.actions.setBootDevice((await node(request)).uuid, device, persistent, callerOf(request));
    return reply.code(204).send();
  });

  app.get<IdentParams>('/nodes/:ident/management/boot_device/supported', doc('nodes', 'Supported boot devices'), async (request) =>
    ({ supported_boot_devices: await deps.actions.getSupportedBootDevices((await node(request)).uuid) }));

  app.put<IdentParams>('/nodes/:ident/management/inject_nmi', doc('nodes', 'Inject NMI'), async (request, reply) => {
    requireResourceMinor(request.apiMinor, 29);
    checkArguments(request.body, []);
    await deps.actions.injectNmi((await node(request)).uuid, callerOf(request));
    return reply.code(204).send();
  });
};
