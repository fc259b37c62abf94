// The conductor's composition root: the only place that reads the environment, builds adapters and
// starts servers (STYLE §1). `npm start` runs it with embedded defaults: SQLite under ./.ferro, the
// fake-hardware driver, the Ironic API on 127.0.0.1:6385.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { systemClock } from '../core/index.js';
import { createAgentImplementations } from '../drivers/agent/index.js';
import { createDriverRegistry } from '../drivers/index.js';
import { createFakeImplementations } from '../drivers/fake/index.js';
import { createIpmiImplementations } from '../drivers/ipmi/index.js';
import { createNetworkBootImplementations } from '../drivers/network-boot/index.js';
import { createNoopImplementations } from '../drivers/noop/index.js';
import { createRedfishImplementations } from '../drivers/redfish/index.js';
import { createUnavailableImplementations } from '../drivers/unavailable/index.js';
import { buildApi } from './api/index.js';
// The boot servers are off by default and loaded only when enabled (they cost ~15 MB of RSS otherwise).
import type { DhcpServer } from './boot/dhcp/index.js';
import type { HttpBootServer } from './boot/http/index.js';
import type { TftpServer } from './boot/tftp/index.js';
import { ConfigError, loadConfig, parseDatabaseUrl, type ConductorConfig } from './config.js';
import { startConductor } from './periodic/index.js';
import { createStoreBootData, createStoreDhcpHosts, openStore } from './persistence/index.js';
import {
  AgentLogStore, createAgentEndpoints, createNodeActions, createNodeDataReaders, createTaskTracker, type AgentSettings, type ConductorDeps,
} from './workers/index.js';

/** Paths pino blanks in every log line: BMC passwords, agent tokens, auth headers. */
const REDACT = [
  'req.headers.authorization', 'headers.authorization', '*.password', '*.*_password', 'driver_info.*_password',
  '*.agent_token', '*.agent_secret_token', 'driver_internal_info.agent_secret_token',
];

function readConfig(): ConductorConfig {
  try {
    return loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** The adapters this conductor talks to hardware through, and how to close their sessions. */
interface Adapters {
  drivers: ConductorDeps['drivers'];
  close(): Promise<void>;
}

/** The agent section as the workers want it (issue #5). */
function agentSettings(config: ConductorConfig): AgentSettings {
  const a = config.agent;
  return {
    heartbeatTimeoutS: a.heartbeatTimeoutS, requireTls: a.requireTls, logsCollect: a.deployLogsCollect, logsMaxBytes: a.deployLogsMaxBytes,
    discovery: { enabled: a.discoveryEnabled, driver: a.discoveryDriver },
  };
}

function buildAdapters(config: ConductorConfig, log: Logger, agentLogs: AgentLogStore): Adapters {
  const clock = systemClock;
  const a = config.agent;
  const agent = createAgentImplementations({
    clock, commandTimeoutMs: a.commandTimeoutS * 1000, logs: agentLogs,
    settings: {
      eraseDevicesPriority: a.eraseDevicesPriority, eraseDevicesMetadataPriority: a.eraseDevicesMetadataPriority,
      logsCollect: a.deployLogsCollect, logsMaxBytes: a.deployLogsMaxBytes, powerOffGraceMs: a.powerOffGraceS * 1000,
      streamRawImages: a.streamRawImages,
    },
  });
  const fake = createFakeImplementations({ clock, ...config.fake });
  const i = config.ipmi;
  const ipmi = createIpmiImplementations({
    clock, log: log.child({ component: 'ipmi' }), requestTimeoutMs: i.requestTimeoutMs, attempts: i.attempts,
    maxSessionsPerBmc: i.maxSessionsPerBmc, sessionIdleTimeoutMs: i.sessionIdleTimeoutMs,
    keepaliveIntervalMs: i.keepaliveIntervalMs, ipmitool: { maxConcurrent: i.ipmitoolMaxConcurrent },
  });
  const redfish = createRedfishImplementations({ clock, ...config.redfish });
  const drivers = createDriverRegistry({ enabledHardwareTypes: [...config.conductor.enabledHardwareTypes] }, [
    createNoopImplementations(), createUnavailableImplementations(), fake.implementations, ipmi.implementations,
    createNetworkBootImplementations({ defaultDeployKernel: config.httpBoot.deployKernel, defaultDeployRamdisk: config.httpBoot.deployRamdisk }),
    redfish.implementations, agent,
  ]);
  return { drivers, close: async () => { await Promise.all([ipmi.close(), redfish.close()]); } };
}

function buildDeps(config: ConductorConfig, log: Logger, store: ConductorDeps['store'], drivers: ConductorDeps['drivers']): ConductorDeps {
  const c = config.conductor;
  return {
    store, drivers, clock: systemClock, log, hostname: c.hostname, conductorGroup: c.group,
    timeouts: {
      powerStateChangeMs: c.powerStateChangeTimeoutS * 1000, softPowerOffMs: c.softPowerOffTimeoutS * 1000,
      powerPollIntervalMs: c.powerPollIntervalMs, deployCallbackMs: c.deployCallbackTimeoutS * 1000,
      cleanCallbackMs: c.cleanCallbackTimeoutS * 1000, inspectWaitMs: c.inspectWaitTimeoutS * 1000,
      rescueCallbackMs: c.rescueCallbackTimeoutS * 1000, serviceCallbackMs: c.serviceCallbackTimeoutS * 1000,
      nodeLockedRetryAttempts: c.nodeLockedRetryAttempts, nodeLockedRetryIntervalMs: c.nodeLockedRetryIntervalMs,
    },
    limits: { maxConcurrentDeploy: c.maxConcurrentDeploy, maxConcurrentClean: c.maxConcurrentClean, workersPoolSize: c.workersPoolSize },
    provisioning: {
      automatedClean: c.automatedClean, fastTrack: { enabled: config.agent.fastTrack, timeoutS: config.agent.fastTrackTimeoutS },
    },
    tasks: createTaskTracker(log),
  };
}

/**
 * The HTTP boot server (iPXE scripts, kernels, ramdisks) on its own listener. Scripts list this server first,
 * then its peers, and are rendered from the shared database, so every conductor answers for every node.
 */
async function startHttpBoot(config: ConductorConfig, store: ConductorDeps['store'], log: Logger): Promise<HttpBootServer> {
  const h = config.httpBoot;
  const a = config.api;
  const wildcard = h.host === '0.0.0.0' || h.host === '::';
  if (h.publicUrl === '' && wildcard) {
    throw new ConfigError([`httpBoot.publicUrl is required when httpBoot.host is ${h.host}: machines need an address to reach.`]);
  }
  const publicUrl = h.publicUrl || `http://${h.host.includes(':') ? `[${h.host}]` : h.host}:${String(h.port)}`;
  const apiUrls = h.apiUrls.length > 0 ? [...h.apiUrls] : [a.publicUrl || `http://${a.host}:${String(a.port)}`];
  const imageRoot = h.imageRoot || join(config.dataDir, 'images');
  mkdirSync(imageRoot, { recursive: true });
  const { startHttpBootServer } = await import('./boot/http/index.js');
  return startHttpBootServer({
    host: h.host, port: h.port, imageRoot, ipxeDir: h.ipxeDir, log: log.child({ component: 'http-boot' }),
    reader: createStoreBootData(store, { bootServers: [publicUrl, ...h.peerUrls], apiUrls }),
    settings: {
      retryAttempts: h.retryAttempts, downloadTimeoutMs: h.downloadTimeoutMs, kernelAppendParams: h.kernelAppendParams,
      deployKernel: h.deployKernel, deployRamdisk: h.deployRamdisk, discoveryEnabled: h.discoveryEnabled,
    },
  });
}

/** The DHCP server on its configured interfaces; a bind failure (no root, port in use) stops start-up. */
async function startDhcp(config: ConductorConfig, store: ConductorDeps['store'], log: Logger): Promise<DhcpServer> {
  const { dhcpSettingsFromConfig, openDeviceSocket, startDhcpServer, startRouterAdvertiser } = await import('./boot/dhcp/index.js');
  const advertiser = config.dhcp.routerAdvertisements
    ? startRouterAdvertiser(config.dhcp.interfaces, { log: log.child({ component: 'ipv6-ra' }) }) : undefined;
  const server = await startDhcpServer({
    settings: dhcpSettingsFromConfig(config.dhcp, config.httpBoot.port), hosts: createStoreDhcpHosts(store), leases: store.leases,
    clock: systemClock, log: log.child({ component: 'dhcp' }), openSocket: openDeviceSocket,
  });
  return { addresses: server.addresses, stop: async () => { advertiser?.stop(); await server.stop(); } };
}

/** The read-only TFTP server for PXE ROMs (iPXE binaries only); a bind failure is a TftpListenError naming the port. */
async function startTftp(config: ConductorConfig, log: Logger): Promise<TftpServer> {
  const t = config.tftp;
  const root = t.root || join(config.dataDir, 'tftpboot');
  mkdirSync(root, { recursive: true });
  const { createDirectoryFileSource, interfaceAddresses, startTftpServer } = await import('./boot/tftp/index.js');
  return startTftpServer({
    addresses: t.interfaces.length > 0 ? interfaceAddresses(t.interfaces) : [t.host], port: t.port,
    source: createDirectoryFileSource({ root }), log: log.child({ component: 'tftp' }),
    limits: {
      maxTransfers: t.maxTransfers, maxTransfersPerClient: t.maxTransfersPerClient, blksizeMax: t.blksizeMax,
      windowsizeMax: t.windowsizeMax, timeoutMs: t.timeoutMs, maxRetries: t.maxRetries,
    },
  });
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = pino({ level: config.log.level, redact: { paths: REDACT, censor: '******' } });
  const location = parseDatabaseUrl(config.database.url);
  if (location?.kind === 'sqlite') mkdirSync(dirname(resolve(location.path)), { recursive: true });
  const store = await openStore(config.database.url, {
    clock: systemClock,
    sqlite: { synchronous: config.database.synchronous, busyTimeoutMs: config.database.busyTimeoutMs },
    postgres: { poolSize: config.database.poolSize },
  });
  const agentLogs = new AgentLogStore({
    dir: join(config.dataDir, 'agent-logs'), keepPerNode: config.agent.deployLogsKeepPerNode, clock: systemClock, log: log.child({ component: 'agent-logs' }),
  });
  const adapters = buildAdapters(config, log, agentLogs);
  const deps = buildDeps(config, log.child({ component: 'conductor' }), store, adapters.drivers);
  const c = config.conductor;
  // Recovery runs before the API listens, so no client ever sees a node a dead process left mid-way.
  const conductor = await startConductor(deps, {
    powerSyncIntervalMs: c.syncPowerStateIntervalS * 1000, powerSyncWorkers: c.syncPowerStateWorkers,
    powerSyncMaxRetries: c.powerStateSyncMaxRetries, forcePowerStateDuringSync: c.forcePowerStateDuringSync,
    powerFailureRecoveryIntervalMs: c.powerFailureRecoveryIntervalS * 1000,
    checkProvisionStateIntervalMs: c.checkProvisionStateIntervalS * 1000,
    heartbeatIntervalMs: c.heartbeatIntervalS * 1000, heartbeatTimeoutMs: c.heartbeatTimeoutS * 1000,
    gracefulShutdownMs: c.gracefulShutdownTimeoutS * 1000, historyMaxEntries: c.historyMaxEntries,
    historyCleanupIntervalMs: c.historyCleanupIntervalS * 1000,
  });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const a = config.api;
  const api = await buildApi({
    store, actions: createNodeActions(deps), log, hostname: c.hostname, metrics, readers: createNodeDataReaders(store),
    agent: createAgentEndpoints(deps, { settings: agentSettings(config), logs: agentLogs }),
    config: {
      authStrategy: a.authStrategy, htpasswdPath: a.htpasswdPath || undefined, maxLimit: a.maxLimit, debug: a.debug,
      publicUrl: a.publicUrl || undefined, maxBodyBytes: a.maxBodyBytes,
    },
  });
  await api.listen({ host: a.host, port: a.port });
  log.info({ url: `http://${a.host}:${a.port}`, database: store.kind, hardwareTypes: c.enabledHardwareTypes }, 'ferro conductor ready');
  const httpBoot = config.httpBoot.enabled ? await startHttpBoot(config, store, log) : undefined;
  if (httpBoot !== undefined) log.info({ url: httpBoot.url }, 'HTTP boot server ready');
  const dhcp = config.dhcp.enabled ? await startDhcp(config, store, log) : undefined;
  const tftp = config.tftp.enabled ? await startTftp(config, log) : undefined;

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await api.close();
    await httpBoot?.close();
    await dhcp?.stop();
    await tftp?.close();
    await conductor.stop();
    await adapters.close();
    await store.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`ferro conductor failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
