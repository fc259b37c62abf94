// The agent's LLDP path as a process, for test/integration/agent-lldp.test.ts, which runs it inside a network
// namespace: the same start-up call main.ts makes (startLldpCollection with the real addon, /sys and the system
// clock), then the NICs in inventory format. Prints one JSON line: { elapsedMs, interfaces }.
// Usage: tsx test/support/lldp-collect-process.ts <timeout-s>
import { networkInterfaces } from 'node:os';
import { systemClock, type Logger } from '../../core/index.js';
import { loadLldpSockets } from '../../agent/hardware-managers/inventory/lldp/lldp-socket.js';
import { startLldpCollection } from '../../agent/hardware-managers/inventory/lldp/start-lldp-collection.js';
import { readNetworkInterfaces } from '../../agent/hardware-managers/inventory/read-network-interfaces.js';
import { realSystemPaths } from '../../agent/hardware-managers/inventory/system-paths.js';

const timeoutS = Number(process.argv[2] ?? '5');
const line = (level: string) => (fields: object, message?: string) => {
  process.stderr.write(`${level} ${message ?? ''} ${JSON.stringify(fields)}\n`);
};
const log: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), child: () => log };

const startedMs = Date.now();
const lldp = await startLldpCollection({
  paths: realSystemPaths,
  addresses: networkInterfaces(),
  load: () => loadLldpSockets(),
  clock: systemClock,
  timeoutMs: timeoutS * 1000,
  log,
});
const elapsedMs = Date.now() - startedMs;
const interfaces = await readNetworkInterfaces(realSystemPaths, networkInterfaces(), lldp);
process.stdout.write(`${JSON.stringify({ elapsedMs, interfaces })}\n`);
