import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BaremetalError, InvalidParameterValue, NotFound } from '../../core/index.js';
import { toIronicError } from './error-body.js';

/**
 * Routes every failure through `toIronicError`: thrown errors, fastify's own parse and limit
 * errors, unknown routes. Unexpected errors are logged once here with their stack.
 */
export function registerErrorHandling(app: FastifyInstance, debug: boolean): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const { status, text } = toIronicError(error, debug);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ status, code: error instanceof BaremetalError ? error.code : (error as FastifyError).code, msg: error.message }, 'request refused');
    return reply.code(status).type('application/json').send(text);
  });
  app.setNotFoundHandler((_request, reply) => {
    const { text } = toIronicError(new NotFound('resource', '', 'The resource could not be found.'), debug);
    return reply.code(404).type('application/json').send(text);
  });
}

/**
 * Bodies are JSON whatever the Content-Type says: ironicclient sends DELETE /maintenance with
 * `application/octet-stream` and no body, and Ironic accepts it. An empty body is "no body";
 * malformed JSON is a 400 with Ironic's error body instead of fastify's.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (error) {
      done(new InvalidParameterValue(`Malformed JSON in request body: ${(error as Error).message}`), undefined);
    }
  });
}
