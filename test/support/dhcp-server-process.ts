// A Ferro DHCP server as its own process, for tests and benches that run it inside a network namespace
// (`ip netns exec <ns> node --import tsx test/support/dhcp-server-process.ts`). Input: FERRO_TEST_DHCP, a
// JSON object { dhcp: <dhcp config section fields>, database: 'memory://' | 'sqlite://…', hosts: { mac: host } }.
// Prints "DHCP READY" once serving; log lines (JSON) go to stdout; SIGTERM stops it.
import { pino } from 'pino';
import { systemClock } from '../../core/index.js';
import {
  dhcpSettingsFromConfig,
  openDeviceSocket,
  startDhcpServer,
  type DhcpConfig,
  type DhcpHost,
} from '../../conductor/boot/dhcp/index.js';
import { listConfigOptions } from '../../conductor/config.js';
import { openStore } from '../../conductor/persistence/index.js';

interface Input {
  dhcp: Partial<DhcpConfig>;
  database?: string;
  hosts?: Record<string, DhcpHost>;
  logLevel?: string;
}

const input = JSON.parse(process.env['FERRO_TEST_DHCP'] ?? '{}') as Input;
const defaults = Object.fromEntries(
  listConfigOptions()
    .filter((o) => o.section === 'dhcp')
    .map((o) => [o.key, o.schema.default]),
) as unknown as DhcpConfig;
const config: DhcpConfig = { ...defaults, ...input.dhcp };
const log = pino({ level: input.logLevel ?? 'debug' });
// synchronous = normal, the conductor's default (database.synchronous): a lease survives a crash, not power loss.
const store = await openStore(input.database ?? 'memory://', { clock: systemClock, sqlite: { synchronous: 'normal' } });
const hosts = input.hosts ?? {};
const server = await startDhcpServer({
  settings: dhcpSettingsFromConfig(config),
  leases: store.leases,
  clock: systemClock,
  log,
  openSocket: openDeviceSocket,
  hosts: { findHost: (mac) => Promise.resolve(hosts[mac]) },
});
process.stdout.write('DHCP READY\n');
process.on('SIGTERM', () => {
  void server
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
