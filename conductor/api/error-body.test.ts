import { describe, expect, it } from 'vitest';
import { InvalidParameterValue, NodeLocked } from '../../core/index.js';
import { toIronicError } from './error-body.js';

describe('toIronicError', () => {
  it('builds the body byte for byte as Ironic 21.4 does', () => {
    const { status, text } = toIronicError(new NodeLocked('n1', 'host-a'), false);
    expect(status).toBe(409);
    expect(text).toBe('{"error_message": "{\\"faultcode\\": \\"Client\\", \\"faultstring\\": \\"Node n1 is locked by host host-a, please retry after the current operation is completed.\\", \\"debuginfo\\": null}"}');
  });

  it('escapes non-ASCII like json.dumps', () => {
    const { body } = toIronicError(new InvalidParameterValue('naïve'), false);
    expect(body.error_message).toContain('na\\u00efve');
    expect((JSON.parse(body.error_message) as { faultstring: string }).faultstring).toBe('naïve');
  });

  it('hides unknown errors behind a generic 500; the stack only in debug mode', () => {
    const plain = toIronicError(new Error('db password=x leaked'), false);
    expect(plain.status).toBe(500);
    expect(JSON.parse(plain.body.error_message)).toEqual({ faultcode: 'Server', faultstring: 'Internal error; see the conductor log.', debuginfo: null });
    const debug = JSON.parse(toIronicError(new Error('x'), true).body.error_message) as { debuginfo: string };
    expect(debug.debuginfo).toContain('Error: x');
  });

  it('maps fastify client errors to their status', () => {
    const tooLarge = Object.assign(new Error('big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toIronicError(tooLarge, false).status).toBe(413);
  });
});
