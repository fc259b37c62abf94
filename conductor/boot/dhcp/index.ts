export { startDhcpServer, DhcpStartError } from './dhcp-server.js';
export type { DhcpServer, DhcpServerOptions } from './dhcp-server.js';
export { openDeviceSocket } from './open-device-socket.js';
export { dhcpSettingsFromConfig, parseDhcpSubnets } from './dhcp-config.js';
export type { DhcpConfig } from './dhcp-config.js';
export type { DhcpSettings } from './dhcp-settings.js';
export type { DhcpHost, DhcpHostReader } from './dhcp-host-reader.js';
export type { LeaseStore, StoredLease } from './lease-store.js';
