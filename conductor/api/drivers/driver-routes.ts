import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { DriverNotFound, InvalidParameterValue } from '../../../core/index.js';
import type { DriverInfo } from '../../workers/node-actions.js';
import type { ApiDeps } from '../api-deps.js';
import { parseFieldsParam } from '../fields-param.js';
import { requireMinor, requireResourceMinor } from '../microversion.js';
import { asQuery, checkQueryArgs, queryBoolean, queryString } from '../query-params.js';
import { baseUrlOf } from '../request-context.js';
import { doc, type RouteOptions } from '../route-options.js';
import { DRIVER_FIELD_MIN, RAID_LOGICAL_DISK_PROPERTIES, renderDriver } from './driver-view.js';

type NameParams = { Params: { name: string } };

async function findDriver(deps: ApiDeps, name: string): Promise<DriverInfo> {
  const driver = (await deps.actions.listDrivers()).find((d) => d.name === name);
  if (!driver) throw new DriverNotFound(name);
  return driver;
}

function parseDriverQuery(request: FastifyRequest, allowed: readonly string[]) {
  const query = asQuery(request.query);
  checkQueryArgs(query, allowed);
  if (query['type'] !== undefined || query['detail'] !== undefined) requireMinor(request.apiMinor, 30);
  if (query['fields'] !== undefined) requireMinor(request.apiMinor, 77);
  return query;
}

/** `/v1/drivers`: hardware types reported by NodeActions (BMO waits for at least one). */
export const driverRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  app.get('/drivers', doc('drivers', 'List hardware types'), async (request) => {
    const query = parseDriverQuery(request, ['type', 'detail', 'fields']);
    const type = queryString(query, 'type');
    if (type !== undefined && type !== 'classic' && type !== 'dynamic') {
      throw new InvalidParameterValue(`Invalid driver type "${type}"; valid types are classic and dynamic`);
    }
    const detail = queryBoolean(query, 'detail') === true;
    const fields = parseFieldsParam(query, DRIVER_FIELD_MIN, Math.max(request.apiMinor, 8));
    const drivers = type === 'classic' ? [] : await deps.actions.listDrivers();
    const baseUrl = baseUrlOf(request, deps.config.publicUrl);
    return { drivers: drivers.map((d) => renderDriver(d, baseUrl, request.apiMinor, detail, fields)) };
  });

  app.get<NameParams>('/drivers/:name', doc('drivers', 'Show a hardware type'), async (request) => {
    const query = parseDriverQuery(request, ['fields']);
    const fields = parseFieldsParam(query, DRIVER_FIELD_MIN, Math.max(request.apiMinor, 8));
    const driver = await findDriver(deps, request.params.name);
    return renderDriver(driver, baseUrlOf(request, deps.config.publicUrl), request.apiMinor, true, fields);
  });

  app.get<NameParams>('/drivers/:name/properties', doc('drivers', 'driver_info keys of a hardware type'), async (request) =>
    (await findDriver(deps, request.params.name)).properties);

  app.get<NameParams>('/drivers/:name/raid/logical_disk_properties', doc('drivers', 'RAID logical disk properties'), async (request) => {
    requireResourceMinor(request.apiMinor, 12);
    await findDriver(deps, request.params.name);
    return RAID_LOGICAL_DISK_PROPERTIES;
  });

  app.get<NameParams>('/drivers/:name/vendor_passthru/methods', doc('drivers', 'Driver vendor passthru methods'), async (request) => {
    await findDriver(deps, request.params.name);
    return {};
  });
};
