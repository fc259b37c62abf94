import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  InvalidParameterValue, InvalidStateRequested, isPowerTarget, NodeLocked, POWER_TARGET_MIN_VERSION, type NodeRecord,
} from '../../../core/index.js';
import { requireMinor, requireResourceMinor } from '../microversion.js';
import { checkArguments } from '../request-body.js';
import { baseUrlOf, callerOf } from '../request-context.js';
import { doc, type RouteOptions } from '../route-options.js';
import { findNode } from './find-node.js';
import { renderNodeStates } from './node-view.js';
import { parseProvisionRequest } from './provision-request.js';
import { checkRaidConfig } from './raid-config.js';

type IdentParams = { Params: { ident: string } };

function checkTimeout(value: unknown, apiMinor: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  requireMinor(apiMinor, 27);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidParameterValue(`Invalid timeout value ${String(value)}. The value must be a positive integer.`);
  }
  return value;
}

function checkPowerTarget(body: Record<string, unknown>, node: NodeRecord, apiMinor: number) {
  const target = body['target'];
  if (!isPowerTarget(target)) throw new InvalidStateRequested(String(target), node.uuid, node.power_state ?? 'None');
  requireMinor(apiMinor, POWER_TARGET_MIN_VERSION[target]);
  if (node.provision_state === 'cleaning' || node.provision_state === 'clean wait') {
    throw new InvalidStateRequested(target, node.uuid, node.provision_state);
  }
  return target;
}

/** `/v1/nodes/{id}/states[/provision|power|raid|boot_mode|secure_boot|console]`. */
export const nodeStateRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const accepted = (request: FastifyRequest, reply: FastifyReply, node: NodeRecord) =>
    reply.code(202).header('Location', `${baseUrlOf(request, deps.config.publicUrl)}/v1/nodes/${node.uuid}/states`).send();
  const node = (request: FastifyRequest<IdentParams>) => findNode(deps.store, request.params.ident, request.apiMinor);

  app.get<IdentParams>('/nodes/:ident/states', doc('nodes', 'Node states'), async (request) =>
    renderNodeStates(await node(request), request.apiMinor));

  app.put<IdentParams>('/nodes/:ident/states/provision', doc('nodes', 'Change provision state'), async (request, reply) => {
    const found = await node(request);
    const provision = parseProvisionRequest(request.body, found, request.apiMinor);
    await deps.actions.provision(found.uuid, provision, callerOf(request));
    request.log.info({ node: found.uuid, target: provision.target }, 'provision requested');
    return accepted(request, reply, found);
  });

  app.put<IdentParams>('/nodes/:ident/states/power', doc('nodes', 'Change power state'), async (request, reply) => {
    const body = checkArguments(request.body, ['target', 'timeout'], ['target']);
    const found = await node(request);
    const target = checkPowerTarget(body, found, request.apiMinor);
    await deps.actions.setPower(found.uuid, target, checkTimeout(body['timeout'], request.apiMinor), callerOf(request));
    request.log.info({ node: found.uuid, target }, 'power change requested');
    return accepted(request, reply, found);
  });

  app.put<IdentParams>('/nodes/:ident/states/raid', doc('nodes', 'Set target RAID config'), async (request, reply) => {
    requireResourceMinor(request.apiMinor, 12);
    const found = await node(request);
    await deps.actions.setRaidConfig(found.uuid, checkRaidConfig(request.body), callerOf(request));
    return reply.code(204).send();
  });

  app.put<IdentParams>('/nodes/:ident/states/boot_mode', doc('nodes', 'Change boot mode'), async (request, reply) => {
    requireResourceMinor(request.apiMinor, 76);
    const target = checkArguments(request.body, ['target'], ['target'])['target'];
    if (target !== 'uefi' && target !== 'bios') throw new InvalidParameterValue(`Invalid boot mode ${String(target)}; valid boot modes are uefi, bios`);
    const found = await node(request);
    await deps.actions.setBootMode(found.uuid, target, callerOf(request));
    return accepted(request, reply, found);
  });

  app.put<IdentParams>('/nodes/:ident/states/secure_boot', doc('nodes', 'Change secure boot'), async (request, reply) => {
    requireResourceMinor(request.apiMinor, 76);
    const target = checkArguments(request.body, ['target'], ['target'])['target'];
    if (typeof target !== 'boolean') throw new InvalidParameterValue(`Invalid secure_boot target ${String(target)}; expected true or false`);
    const found = await node(request);
    await deps.actions.setSecureBoot(found.uuid, target, callerOf(request));
    return accepted(request, reply, found);
  });

  app.get<IdentParams>('/nodes/:ident/states/console', doc('nodes', 'Console information'), async (request) => {
    const found = await node(request);
    return { console_enabled: found.console_enabled, console_info: null };
  });

  app.put<IdentParams>('/nodes/:ident/states/console', doc('nodes', 'Enable or disable the console'), async (request, reply) => {
    const enabled = checkArguments(request.body, ['enabled'], ['enabled'])['enabled'];
    if (typeof enabled !== 'boolean') throw new InvalidParameterValue(`Invalid enabled value ${String(enabled)}; expected true or false`);
    const found = await node(request);
    if (found.reservation !== null) throw new NodeLocked(found.uuid, found.reservation);
    // TODO(workers): route through NodeActions once a console interface exists; fake consoles need no driver call.
    if (found.console_enabled !== enabled) await deps.store.nodes.update(found.uuid, found.version, { console_enabled: enabled });
    return accepted(request, reply, found);
  });
};
