import { describe, expect, it } from 'vitest';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { aRedfishNode } from './testing/redfish-test-kit.js';

const parse = (info: Record<string, unknown>) => parseRedfishDriverInfo(aRedfishNode(info as never));

describe('parseRedfishDriverInfo', () => {
  it('assumes https for a bare host and keeps the port, like Ironic', () => {
    expect(parse({ redfish_address: '10.0.0.5' })).toMatchObject({ origin: 'https://10.0.0.5', verifyCa: true, authType: 'auto' });
    expect(parse({ redfish_address: 'bmc.example:8443' }).origin).toBe('https://bmc.example:8443');
    expect(parse({ redfish_address: 'http://127.0.0.1:8000/' }).origin).toBe('http://127.0.0.1:8000');
  });

  it('reads redfish_verify_ca as a boolean, a boolean string or a CA path', () => {
    expect(parse({ redfish_address: 'h', redfish_verify_ca: 'False' }).verifyCa).toBe(false);
    expect(parse({ redfish_address: 'h', redfish_verify_ca: '/etc/ssl/bmc-ca.pem' }).verifyCa).toBe('/etc/ssl/bmc-ca.pem');
  });

  it('names the key and the node in every refusal', () => {
    expect(() => parse({})).toThrow(expect.objectContaining({ code: 'MissingParameterValue', message: expect.stringContaining('redfish_address') }));
    expect(() => parse({ redfish_address: 'ftp://h' })).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => parse({ redfish_address: 'https://u:p@h' })).toThrow(expect.objectContaining({ message: expect.stringContaining('credentials') }));
    expect(() => parse({ redfish_address: 'h', redfish_auth_type: 'digest' })).toThrow(expect.objectContaining({ message: expect.stringContaining('redfish_auth_type') }));
    expect(() => parse({ redfish_address: 'h', redfish_verify_ca: 'relative.pem' })).toThrow(expect.objectContaining({ message: expect.stringContaining('redfish_verify_ca') }));
    expect(() => parse({ redfish_address: 'h', redfish_timeout: -1 })).toThrow(expect.objectContaining({ message: expect.stringContaining('redfish_timeout') }));
  });
});
