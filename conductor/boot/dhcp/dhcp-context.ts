import type { Clock, Logger } from '../../../core/index.js';
import type { BootFileSettings } from './boot-file.js';
import type { DhcpHostReader } from './dhcp-host-reader.js';
import type { DhcpPacket } from './dhcp-packet.js';
import type { DhcpBootSettings, DhcpSettings } from './dhcp-settings.js';
import type { LeaseStore } from './lease-store.js';
import { findSubnet, type ServedSubnet } from './served-subnet.js';

/** What every message handler works with. */
export interface DhcpContext {
  readonly settings: DhcpSettings;
  readonly subnets: readonly ServedSubnet[];
  readonly hosts: DhcpHostReader;
  readonly leases: LeaseStore;
  readonly clock: Clock;
  readonly log: Logger;
}

/** How a request reached us: the interface's address is our server identifier there (RFC 2131 §4.3.1). */
export interface Arrival {
  interfaceName: string;
  serverAddress: string;
  /** 67, or 4011 for PXE boot-server requests in proxy mode. */
  port: number;
  sourceAddress: string;
  sourcePort: number;
}

/** The client's subnet: the relay's (giaddr, RFC 2131 §4.3.1) or the receiving interface's. */
export function subnetOf(ctx: DhcpContext, request: DhcpPacket, arrival: Arrival): ServedSubnet | undefined {
  return findSubnet(ctx.subnets, request.giaddr !== '0.0.0.0' ? request.giaddr : arrival.serverAddress);
}

/** Boot settings with the empty defaults filled in from the receiving interface's address. */
export function resolveBootFiles(boot: DhcpBootSettings, serverAddress: string): BootFileSettings {
  const server = boot.bootServer === '' ? serverAddress : boot.bootServer;
  const base = (boot.httpBaseUrl === '' ? `http://${server}:${boot.httpBootPort ?? 8088}` : boot.httpBaseUrl).replace(/\/+$/, '');
  return {
    tftpServer: server,
    biosFile: boot.biosFile,
    uefiX64File: boot.uefiX64File,
    uefiArm64File: boot.uefiArm64File,
    httpBootX64Url: `${base}/${boot.uefiX64File}`,
    httpBootArm64Url: `${base}/${boot.uefiArm64File}`,
    ipxeScriptUrl: `${base}/${boot.ipxeScriptPath.replace(/^\/+/, '')}`,
  };
}
