import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { InvalidParameterValue, NodeLocked, NotFound, type NodeRecord } from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { requireResourceMinor } from '../microversion.js';
import { checkArguments } from '../request-body.js';
import { doc, type RouteOptions } from '../route-options.js';
import { invalidTraitMessage, isValidTrait } from '../trait-name.js';
import { findNode } from './find-node.js';

type IdentParams = { Params: { ident: string } };
type TraitParams = { Params: { ident: string; trait: string } };

/** Ironic's MAX_TRAITS_PER_NODE. */
const MAX_TRAITS = 50;

function checkTraits(traits: unknown): string[] {
  if (!Array.isArray(traits)) throw new InvalidParameterValue('Invalid traits: must be a list of trait names');
  for (const trait of traits) if (!isValidTrait(trait)) throw new InvalidParameterValue(invalidTraitMessage(trait));
  const unique = [...new Set(traits as string[])];
  if (unique.length > MAX_TRAITS) throw new InvalidParameterValue(`Could not modify traits for node: a node may have at most ${MAX_TRAITS} traits`);
  return unique;
}

async function saveTraits(deps: ApiDeps, node: NodeRecord, traits: string[]): Promise<void> {
  if (node.reservation !== null) throw new NodeLocked(node.uuid, node.reservation);
  if (traits.length === node.traits.length && traits.every((t, i) => t === node.traits[i])) return;
  await deps.store.nodes.update(node.uuid, node.version, { traits });
}

/** `/v1/nodes/{id}/traits[/{trait}]` (1.37). */
export const nodeTraitRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const node = async (request: FastifyRequest<IdentParams>) => {
    requireResourceMinor(request.apiMinor, 37);
    return findNode(deps.store, request.params.ident, request.apiMinor);
  };

  app.get<IdentParams>('/nodes/:ident/traits', doc('nodes', 'List node traits'), async (request) =>
    ({ traits: (await node(request)).traits }));

  app.put<IdentParams>('/nodes/:ident/traits', doc('nodes', 'Replace node traits'), async (request, reply) => {
    const traits = checkTraits(checkArguments(request.body, ['traits'], ['traits'])['traits']);
    await saveTraits(deps, await node(request), traits);
    return reply.code(204).send();
  });

  app.put<TraitParams>('/nodes/:ident/traits/:trait', doc('nodes', 'Add a node trait'), async (request, reply) => {
    const { trait } = request.params;
    if (!isValidTrait(trait)) throw new InvalidParameterValue(invalidTraitMessage(trait));
    const found = await node(request);
    if (!found.traits.includes(trait)) await saveTraits(deps, found, checkTraits([...found.traits, trait]));
    return reply.code(204).send();
  });

  app.delete<TraitParams>('/nodes/:ident/traits/:trait', doc('nodes', 'Remove a node trait'), async (request, reply) => {
    const found = await node(request);
    const { trait } = request.params;
    if (!found.traits.includes(trait)) throw new NotFound('Node trait', trait, `Node ${found.uuid} doesn't have a trait ${trait}`);
    await saveTraits(deps, found, found.traits.filter((t) => t !== trait));
    return reply.code(204).send();
  });

  app.delete<IdentParams>('/nodes/:ident/traits', doc('nodes', 'Remove all node traits'), async (request, reply) => {
    await saveTraits(deps, await node(request), []);
    return reply.code(204).send();
  });
};
