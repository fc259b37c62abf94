import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../workers/node-actions.js';
import {
  MAX_API_MINOR, MAX_VERSION_HEADER, MIN_API_MINOR, MIN_VERSION_HEADER, parseApiVersion, VERSION_HEADER, versionString,
} from './microversion.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The negotiated microversion's minor number (1.N -> N). */
    apiMinor: number;
  }
}

const MIN_TEXT = versionString(MIN_API_MINOR);
const MAX_TEXT = versionString(MAX_API_MINOR);

/**
 * Stamps every response with the request id and the microversion headers, and negotiates the
 * request's version (406 from here when it is bad or out of range).
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.decorateRequest('apiMinor', MIN_API_MINOR);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-OpenStack-Request-Id', request.id);
    reply.header('OpenStack-Request-Id', request.id);
    reply.header(MIN_VERSION_HEADER, MIN_TEXT);
    reply.header(MAX_VERSION_HEADER, MAX_TEXT);
    try {
      request.apiMinor = parseApiVersion(request.headers);
    } catch (error) {
      done(error as Error);
      return;
    }
    reply.header(VERSION_HEADER, versionString(request.apiMinor));
    done();
  });
}

/** Scheme, host and port links are built from: the configured public URL, else the request's Host. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl !== undefined && publicUrl !== '') return publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** Who is asking, for NodeActions (history, logs). */
export function callerOf(request: FastifyRequest): Caller {
  return { apiMinor: request.apiMinor, requestId: request.id };
}

/** Ironic's `[{"href": .../v1/<path>, "rel": "self"}, {"href": .../<path>, "rel": "bookmark"}]`. */
export function selfLinks(baseUrl: string, path: string): Array<{ href: string; rel: string }> {
  return [{ href: `${baseUrl}/v1/${path}`, rel: 'self' }, { href: `${baseUrl}/${path}`, rel: 'bookmark' }];
}
