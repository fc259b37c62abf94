import { describe, expect, it } from 'vitest';
import { encodeAsfPing, parseAsfPong, readRmcpClass } from './rmcp-header.js';

describe('RMCP and ASF (ASF 2.0 §3.2)', () => {
  it('encodes a presence ping with the ASF IANA number and the tag', () => {
    expect(encodeAsfPing(0x42).toString('hex')).toBe('0600ff06000011be80420000');
  });

  it('parses a pong and whether the system speaks IPMI', () => {
    const pong = Buffer.from('0600ff06000011be4042001000000000000000008100000000000000', 'hex');
    expect(parseAsfPong(pong)).toEqual({ tag: 0x42, ipmiSupported: true });
  });

  it('refuses datagrams that are not RMCP 1.0', () => {
    expect(() => readRmcpClass(Buffer.from('0700ff07', 'hex'))).toThrow(/version/);
    expect(() => readRmcpClass(Buffer.from('06', 'hex'))).toThrow(/shorter/);
    expect(() => parseAsfPong(encodeAsfPing(1))).toThrow(/truncated|pong/);
  });
});
