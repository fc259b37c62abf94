import bcrypt from 'bcryptjs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotAuthorized } from '../../../core/index.js';

/** Routes open under every strategy (ironic api/config.py acl_public_routes). */
export function isPublicRoute(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return path === '/' || path === '/v1' || path === '/v1/' || path === '/v1/lookup' || path === '/v1/continue_inspection' ||
    path.startsWith('/v1/heartbeat/');
}

const REALM = 'Basic realm="Baremetal API"';
/** Verified Authorization headers kept per app instance: bcrypt costs tens of ms per check. */
const CACHE_SIZE = 1024;

function credentials(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined) return undefined;
  const [scheme, token] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'basic' || token === undefined) return undefined;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function verify(users: ReadonlyMap<string, string>, header: string | undefined): Promise<boolean> {
  const creds = credentials(header);
  const hash = creds ? users.get(creds.user) : undefined;
  if (!creds || hash === undefined) return false;
  try {
    return await bcrypt.compare(creds.password, hash);
  } catch {
    return false;
  }
}

/**
 * HTTP basic authentication against htpasswd users: 401 with `WWW-Authenticate` on failure.
 * Public routes pass without credentials.
 */
export function registerBasicAuth(app: FastifyInstance, users: ReadonlyMap<string, string>): void {
  const verdicts = new Map<string, boolean>();
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (isPublicRoute(request.url)) return;
    const header = request.headers.authorization;
    if (header === undefined) {
      reply.header('WWW-Authenticate', REALM);
      throw new NotAuthorized('Authorization required');
    }
    let ok = verdicts.get(header);
    if (ok === undefined) {
      ok = await verify(users, header);
      if (verdicts.size >= CACHE_SIZE) verdicts.clear();
      verdicts.set(header, ok);
    }
    if (!ok) {
      reply.header('WWW-Authenticate', REALM);
      throw new NotAuthorized('Incorrect username or password');
    }
    request.log.debug({ user: credentials(header)?.user }, 'authenticated');
  });
}
