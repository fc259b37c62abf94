import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { JsonObject } from '../../../core/index.js';
import { MAX_API_MINOR, MIN_API_MINOR, versionString } from '../microversion.js';
import { baseUrlOf } from '../request-context.js';
import { doc, type RouteOptions } from '../route-options.js';

/** Resources listed in the v1 document after the always-present ones, with their versions (v1/__init__.py). */
const VERSIONED_RESOURCES: ReadonlyArray<readonly [string, number]> = [
  ['portgroups', 23], ['volume', 32], ['lookup', 22], ['heartbeat', 22], ['conductors', 49], ['allocations', 52],
  ['events', 54], ['deploy_templates', 55], ['shards', 82],
];

/** The `version` object clients negotiate from (keystoneauth, gophercloud, IPA). */
export function versionObject(baseUrl: string): JsonObject {
  return {
    id: 'v1', links: [{ href: `${baseUrl}/v1/`, rel: 'self' }], status: 'CURRENT',
    min_version: versionString(MIN_API_MINOR), version: versionString(MAX_API_MINOR),
  };
}

function resourceLinks(baseUrl: string, name: string): JsonObject[] {
  return [{ href: `${baseUrl}/v1/${name}/`, rel: 'self' }, { href: `${baseUrl}/${name}/`, rel: 'bookmark' }];
}

/** `GET /v1/`: links to every resource the request's version can see. */
export function v1Document(baseUrl: string, apiMinor: number): JsonObject {
  const out: JsonObject = {
    id: 'v1',
    links: [
      { href: `${baseUrl}/v1/`, rel: 'self' },
      { href: 'https://docs.openstack.org//ironic/latest/contributor//webapi.html', rel: 'describedby', type: 'text/html' },
    ],
    media_types: { base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' },
  };
  for (const name of ['chassis', 'nodes', 'ports', 'drivers']) out[name] = resourceLinks(baseUrl, name);
  out['version'] = versionObject(baseUrl);
  for (const [name, min] of VERSIONED_RESOURCES) if (apiMinor >= min) out[name] = resourceLinks(baseUrl, name);
  return out;
}

/** `GET /` and `GET /v1[/]`: discovery documents (public under every auth strategy). */
export const rootRoutes: FastifyPluginAsync<RouteOptions> = async (app, { deps }) => {
  const base = (request: FastifyRequest) => baseUrlOf(request, deps.config.publicUrl);
  app.get('/', doc('root', 'API versions'), async (request) => {
    const version = versionObject(base(request));
    return {
      name: 'OpenStack Ironic API',
      description: 'Ironic is an OpenStack project which enables the provision and management of baremetal machines.',
      default_version: version, versions: [version],
    };
  });
  // The router ignores trailing slashes (clients ask for /v1/ports/?node=...), so this also serves /v1/.
  app.get('/v1', doc('root', 'Version 1 document'), async (request) => v1Document(base(request), request.apiMinor));
};
