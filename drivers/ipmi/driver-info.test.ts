import { describe, expect, it } from 'vitest';
import { isoTimestamp, newNode, type JsonObject } from '../../core/index.js';
import { refOf } from '../../test/contract/driver-test-context.js';
import { parseIpmiDriverInfo } from './driver-info.js';

const node = (info: JsonObject) =>
  refOf(
    newNode({
      uuid: '44444444-1111-4111-8111-111111111111',
      driver: 'ipmi',
      provision_state: 'enroll',
      created_at: isoTimestamp(0),
      driver_info: info,
    }),
  );

describe('parseIpmiDriverInfo', () => {
  it("applies Ironic's defaults", () => {
    expect(parseIpmiDriverInfo(node({ ipmi_address: 'bmc.example' }), 'native')).toEqual({
      target: {
        host: 'bmc.example',
        port: 623,
        username: '',
        password: '',
        privilege: 4,
        cipherSuite: undefined,
        protocolVersion: '2.0',
      },
      protocolVersion: '2.0',
      forceBootDevice: false,
      disableBootTimeout: true,
    });
  });

  it('accepts numbers as strings, as the CLI stores them', () => {
    const info = parseIpmiDriverInfo(
      node({
        ipmi_address: '10.0.0.1',
        ipmi_port: '6230',
        ipmi_cipher_suite: '3',
        ipmi_priv_level: 'OPERATOR',
        ipmi_force_boot_device: 'True',
      }),
      'native',
    );
    expect(info.target).toMatchObject({ port: 6230, cipherSuite: 3, privilege: 3 });
    expect(info.forceBootDevice).toBe(true);
  });

  it('names the missing key', () => {
    expect(() => parseIpmiDriverInfo(node({}), 'native')).toThrow(
      expect.objectContaining({ code: 'MissingParameterValue', message: expect.stringContaining('ipmi_address') }),
    );
  });

  it.each([
    [{ ipmi_port: 70000 }, 'ipmi_port'],
    [{ ipmi_priv_level: 'ROOT' }, 'ipmi_priv_level'],
    [{ ipmi_protocol_version: '3' }, 'ipmi_protocol_version'],
    [{ ipmi_protocol_version: '1.5' }, 'ipmi_protocol_version'],
    [{ ipmi_cipher_suite: 8 }, 'ipmi_cipher_suite'],
    [{ ipmi_username: 'a-very-long-user-name' }, 'ipmi_username'],
    [{ ipmi_force_boot_device: 'maybe' }, 'ipmi_force_boot_device'],
  ])('refuses %j naming %s', (extra, key) => {
    expect(() => parseIpmiDriverInfo(node({ ipmi_address: 'bmc', ...extra }), 'native')).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue', message: expect.stringContaining(key) }),
    );
  });

  it('lets ipmitool-cli take IPMI 1.5 and any cipher suite', () => {
    expect(
      parseIpmiDriverInfo(node({ ipmi_address: 'bmc', ipmi_protocol_version: '1.5', ipmi_cipher_suite: 8 }), 'cli')
        .target,
    ).toMatchObject({ protocolVersion: '1.5', cipherSuite: 8 });
  });

  it('never echoes a password it refuses', () => {
    const secret = 'x'.repeat(21);
    expect(() => parseIpmiDriverInfo(node({ ipmi_address: 'bmc', ipmi_password: secret }), 'native')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});
