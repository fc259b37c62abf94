import type { ConductorConfig } from '../../config.js';
import type { DhcpSettings, DhcpSubnetSettings } from './dhcp-settings.js';
import { formatIpv4, isInNetwork, parseCidr, parseIpv4 } from './ipv4-address.js';

/** The `dhcp` section of the conductor configuration. */
export type DhcpConfig = ConductorConfig['dhcp'];

/** The syntax of one `dhcp.subnets` entry, for error messages and docs. */
export const SUBNET_SYNTAX = '"<cidr> [<first>-<last>] [router=<ip>] [dns=<ip>+<ip>...]"';

/**
 * Parses `dhcp.subnets` entries such as "10.77.0.0/16 10.77.1.1-10.77.1.254 router=10.77.0.1 dns=10.77.0.1".
 * The range may be left out in proxy mode. Every problem is reported, naming the entry.
 */
export function parseDhcpSubnets(
  specs: readonly string[],
  needRange: boolean,
): { subnets: DhcpSubnetSettings[]; problems: string[] } {
  const subnets: DhcpSubnetSettings[] = [];
  const problems: string[] = [];
  for (const spec of specs) {
    const result = parseSubnet(spec, needRange);
    if (typeof result === 'string')
      problems.push(`dhcp.subnets entry ${JSON.stringify(spec)}: ${result}; expected ${SUBNET_SYNTAX}`);
    else subnets.push(result);
  }
  return { subnets, problems };
}

function parseSubnet(spec: string, needRange: boolean): DhcpSubnetSettings | string {
  const [cidr = '', ...rest] = spec.trim().split(/\s+/);
  const network = parseCidr(cidr);
  if (network === undefined) return `${JSON.stringify(cidr)} is not an IPv4 network in CIDR form`;
  const inNet = (ip: string): boolean => {
    const v = parseIpv4(ip);
    return v !== undefined && isInNetwork(v, network);
  };
  const subnet: DhcpSubnetSettings = { cidr, network, first: '', last: '', router: undefined, dns: [] };
  for (const word of rest) {
    const [key, value = ''] = word.includes('=') ? word.split('=', 2) : ['range', word];
    if (key === 'range') {
      const [first = '', last = ''] = value.split('-');
      if (!inNet(first) || !inNet(last) || (parseIpv4(first) ?? 0) > (parseIpv4(last) ?? 0))
        return `range ${value} is not an ascending range inside ${cidr}`;
      Object.assign(subnet, { first, last });
    } else if (key === 'router' && parseIpv4(value) !== undefined) subnet.router = value;
    else if (key === 'dns' && value.split('+').every((d) => parseIpv4(d) !== undefined)) subnet.dns = value.split('+');
    else return `cannot read ${JSON.stringify(word)}`;
  }
  if (needRange && subnet.first === '') return 'no address range';
  if (subnet.first === '')
    Object.assign(subnet, { first: formatIpv4(network.address + 1), last: formatIpv4(network.address) });
  return subnet;
}

/**
 * The server's settings from a validated `dhcp` section (the loader has checked the subnets already);
 * `httpBootPort` is this conductor's HTTP boot server port, the default for iPXE script URLs.
 */
export function dhcpSettingsFromConfig(c: DhcpConfig, httpBootPort = 8088): DhcpSettings {
  return {
    mode: c.mode,
    interfaces: c.interfaces,
    subnets: parseDhcpSubnets(c.subnets, c.mode === 'full').subnets,
    leaseTimeS: c.leaseTimeS,
    offerHoldS: c.offerHoldS,
    declineHoldS: c.declineHoldS,
    allowUnknownClients: c.allowUnknownClients,
    maxDynamicLeases: c.maxDynamicLeases,
    maxNewClientsPerSecond: c.maxNewClientsPerSecond,
    boot: {
      bootServer: c.bootServer,
      httpBaseUrl: c.httpBaseUrl,
      httpBootPort,
      ipxeScriptPath: c.ipxeScriptPath,
      biosFile: c.biosBootFile,
      uefiX64File: c.uefiX64BootFile,
      uefiArm64File: c.uefiArm64BootFile,
    },
  };
}
