import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { NotFound } from '../../../core/index.js';
import { HISTORY_SORT_KEYS } from '../../persistence/repository.js';
import { requireResourceMinor } from '../microversion.js';
import { collectionBody, nextLink, parsePage, PAGE_PARAMS } from '../pagination.js';
import { asQuery, checkQueryArgs, queryBoolean } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { doc, type RouteOptions } from '../route-options.js';
import { findNode } from './find-node.js';
import { biosItemFields, biosListFields, firmwareListFields, renderBiosSetting, renderFirmwareComponent } from './node-data-view.js';
import { renderHistoryEvent } from './history-view.js';

type IdentParams = { Params: { ident: string } };
type ItemParams = { Params: { ident: string; item: string } };

/**
 * Read-only node data: BIOS (1.40, registry 1.74), firmware (1.86), inventory (1.81), history (1.78), children
 * (1.83). BIOS, firmware and inventory come from `deps.readers` (what the conductor cached); none means empty.
 */
export const nodeDataRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const node = async (request: FastifyRequest<IdentParams>, min: number) => {
    requireResourceMinor(request.apiMinor, min);
    return findNode(deps.store, request.params.ident, request.apiMinor);
  };
  const readers = deps.readers ?? {};

  app.get<IdentParams>('/nodes/:ident/bios', doc('nodes', 'Cached BIOS settings'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['detail', 'fields']);
    const found = await node(request, 40);
    const fields = biosListFields(query, request.apiMinor);
    const baseUrl = baseUrlOf(request, deps.config.publicUrl);
    const settings = readers.bios ? await readers.bios(found.uuid) : [];
    // Ironic links list entries under the ident as requested (a name stays a name), single ones under the uuid.
    return { bios: settings.map((s) => renderBiosSetting(s, fields, baseUrl, request.params.ident)) };
  });

  app.get<ItemParams>('/nodes/:ident/bios/:item', doc('nodes', 'One BIOS setting'), async (request) => {
    checkQueryArgs(asQuery(request.query), []);
    const found = await node(request, 40);
    const setting = (readers.bios ? await readers.bios(found.uuid) : []).find((s) => s['name'] === request.params.item);
    if (!setting) throw new NotFound('BIOS setting', request.params.item, `Node ${found.uuid} doesn't have a BIOS setting '${request.params.item}'`);
    const baseUrl = baseUrlOf(request, deps.config.publicUrl);
    return { [request.params.item]: renderBiosSetting(setting, biosItemFields(request.apiMinor), baseUrl, found.uuid) };
  });

  app.get<IdentParams>('/nodes/:ident/firmware', doc('nodes', 'Firmware components'), async (request) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, ['fields']);
    const found = await node(request, 86);
    const fields = firmwareListFields(query);
    const components = readers.firmware ? await readers.firmware(found.uuid) : [];
    return { firmware: components.map((c) => renderFirmwareComponent(c, fields)) };
  });

  app.get<IdentParams>('/nodes/:ident/inventory', doc('nodes', 'Inspection inventory'), async (request) => {
    const found = await node(request, 81);
    const stored = readers.inventory ? await readers.inventory(found.uuid) : undefined;
    if (!stored) throw new NotFound('Node inventory', found.uuid, `Node inventory record for node ${found.uuid} could not be found.`);
    return stored;
  });

  const listHistory = async (request: FastifyRequest<IdentParams>, detailPath: boolean) => {
    const query = asQuery(request.query);
    checkQueryArgs(query, detailPath ? PAGE_PARAMS : ['detail', 'fields', ...PAGE_PARAMS]);
    const found = await node(request, 78);
    const page = parsePage(query, deps.config.maxLimit, { sortable: HISTORY_SORT_KEYS });
    const events = await deps.store.history.list(found.uuid, page);
    const baseUrl = baseUrlOf(request, deps.config.publicUrl);
    const detail = detailPath || queryBoolean(query, 'detail') === true;
    const path = `nodes/${found.uuid}/history${detailPath ? '/detail' : ''}`;
    const next = nextLink(baseUrl, path, query, page.limit, events.length, events[events.length - 1]?.uuid);
    return collectionBody('history', events.map((e) => renderHistoryEvent(e, baseUrl, detail)), next);
  };
  app.get<IdentParams>('/nodes/:ident/history', doc('nodes', 'Node history'), (request) => listHistory(request, false));
  // ironicclient's `node history list --long` asks for /history/detail, which Ironic 21.4 answers with 404
  // ("Node history record detail could not be found."); we serve the detailed list the client meant.
  app.get<IdentParams>('/nodes/:ident/history/detail', doc('nodes', 'Node history in detail'), (request) => listHistory(request, true));

  app.get<ItemParams>('/nodes/:ident/history/:item', doc('nodes', 'One history event'), async (request) => {
    const found = await node(request, 78);
    const event = await deps.store.history.get(request.params.item);
    if (!event || event.node_uuid !== found.uuid) {
      throw new NotFound('Node history', request.params.item, `Node history record ${request.params.item} could not be found.`);
    }
    return renderHistoryEvent(event, baseUrlOf(request, deps.config.publicUrl), true);
  });

  app.get<IdentParams>('/nodes/:ident/children', doc('nodes', 'Child nodes'), async (request) => {
    const found = await node(request, 83);
    const children = await deps.store.nodes.list(
      { parent_node: found.uuid, include_children: true }, { limit: deps.config.maxLimit, sortKey: 'id', sortDir: 'asc' },
    );
    return { children: children.map((c) => c.uuid) };
  });
};
