import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { dhcpSettingsFromConfig, parseDhcpSubnets } from './dhcp-config.js';

describe('parseDhcpSubnets', () => {
  it('reads network, range, router and DNS servers', () => {
    const { subnets, problems } = parseDhcpSubnets(
      ['10.77.0.0/16 10.77.1.0-10.77.1.255 router=10.77.0.1 dns=10.77.0.1+9.9.9.9'],
      true,
    );
    expect(problems).toEqual([]);
    expect(subnets[0]).toMatchObject({
      cidr: '10.77.0.0/16',
      first: '10.77.1.0',
      last: '10.77.1.255',
      router: '10.77.0.1',
      dns: ['10.77.0.1', '9.9.9.9'],
    });
  });

  it('names each bad entry and what is wrong with it', () => {
    const { problems } = parseDhcpSubnets(
      [
        '10.77.0.0/33 10.77.0.2-10.77.0.9',
        '10.77.0.0/24 10.78.0.2-10.78.0.9',
        '10.77.0.0/24',
        '10.77.0.0/24 1-2 gateway=x',
      ],
      true,
    );
    expect(problems).toEqual([
      expect.stringContaining('"10.77.0.0/33" is not an IPv4 network in CIDR form'),
      expect.stringContaining('range 10.78.0.2-10.78.0.9 is not an ascending range inside 10.77.0.0/24'),
      expect.stringContaining('no address range'),
      expect.stringContaining('range 1-2 is not an ascending range'),
    ]);
  });

  it('accepts a subnet without a range in proxy mode, which leases nothing', () => {
    expect(parseDhcpSubnets(['10.77.0.0/24'], false).problems).toEqual([]);
  });
});

describe('dhcp configuration', () => {
  it('is off by default, so the conductor needs no root and no port 67', () => {
    expect(loadConfig({}, []).dhcp.enabled).toBe(false);
  });

  it('refuses an enabled server without interfaces or with unreadable subnets, naming the variables', () => {
    const load = () =>
      loadConfig({ FERRO_DHCP_ENABLED: 'true', FERRO_DHCP_SUBNETS: '10.0.0.0/24 10.0.0.9-10.0.0.1' }, []);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/dhcp.interfaces is empty.*FERRO_DHCP_INTERFACES/s);
    expect(load).toThrow(/not an ascending range/);
  });

  it('reads subnets and interfaces from comma-separated environment variables', () => {
    const config = loadConfig(
      {
        FERRO_DHCP_ENABLED: 'true',
        FERRO_DHCP_INTERFACES: 'br0,br1',
        FERRO_DHCP_SUBNETS: '10.0.0.0/24 10.0.0.100-10.0.0.200 router=10.0.0.1, 10.9.0.0/24 10.9.0.10-10.9.0.20',
      },
      [],
    );
    const settings = dhcpSettingsFromConfig(config.dhcp);
    expect(settings.interfaces).toEqual(['br0', 'br1']);
    expect(settings.subnets.map((s) => s.cidr)).toEqual(['10.0.0.0/24', '10.9.0.0/24']);
    expect(settings.boot).toMatchObject({
      biosFile: 'undionly.kpxe',
      uefiX64File: 'snponly.efi',
      ipxeScriptPath: 'boot.ipxe',
    });
  });
});
