import type { Clock, HeartbeatRequest, Inventory, JsonObject, Logger } from '../core/index.js';
import { createAgentApiHandler } from './api/agent-api-handler.js';
import { certificateFingerprint256, generateSelfSignedCertificate, type SelfSignedCertificate } from './api/self-signed-certificate.js';
import { startAgentApi } from './api/start-agent-api.js';
import { createAgentState, type AgentState } from './agent-state.js';
import { buildExtensions, type ExtensionDeps } from './build-extensions.js';
import { createCommandExecutor } from './commands/command-executor.js';
import type { AgentConfig } from './config.js';
import { continueInspection } from './conductor-client/continue-inspection.js';
import { createHeartbeater, type Heartbeater } from './conductor-client/heartbeater.js';
import { createIronicApiClient } from './conductor-client/ironic-api-client.js';
import { lookupNode, toLookupResult, type LookupResult } from './conductor-client/lookup-node.js';
import { readSavedCertificate, readSavedToken, saveCertificate, saveToken } from './conductor-client/saved-session.js';
import { createDispatcher } from './hardware-managers/dispatcher.js';
import type { HardwareManager } from './hardware-managers/hardware-manager.js';
import { routeSourceAddress, urlHost } from './route-source-address.js';

/** How often progress of a running command is pushed to the conductor with a forced heartbeat. */
const PROGRESS_HEARTBEAT_MS = 10_000;

/** Everything the running agent uses, built by main.ts (STYLE §4: passed in). */
export interface AgentRuntime {
  config: AgentConfig;
  version: string;
  log: Logger;
  clock: Clock;
  random: () => number;
  /** Prints a FERRO-AGENT boot marker (console and stdout). */
  marker: (text: string) => void;
  /** Hardware managers in registration order (generic first, then vendor/lab ones). */
  managers(state: AgentState, prepareImage: ExtensionDeps['prepareImage']): HardwareManager[];
  /** Builds prepare_image's work once the dispatcher exists. */
  prepareImage(dispatcher: ExtensionDeps['dispatcher']): ExtensionDeps['prepareImage'];
  sync: ExtensionDeps['sync'];
  powerAction: ExtensionDeps['powerAction'];
  collectInventory: (signal: AbortSignal) => Promise<Inventory>;
  /** The NICs' MAC addresses only: all lookup needs (sysfs reads, no lsblk or dmidecode). */
  listMacAddresses: () => Promise<string[]>;
  collectSystemLogs: ExtensionDeps['collectSystemLogs'];
}

/**
 * The agent's life (IPA agent.py run): serve the command API, send the inventory to inspection when asked,
 * look the node up, then heartbeat until `signal` aborts. Resolves after a clean stop; rejects when lookup
 * fails for good (main.ts prints why and exits non-zero, and the ramdisk can be rebooted).
 */
export async function runAgent(rt: AgentRuntime, signal: AbortSignal): Promise<void> {
  const { config, log } = rt;
  const state = createAgentState();
  let token = config.agentToken === '' ? undefined : config.agentToken;
  let heartbeater: Heartbeater | undefined;
  let lastProgressHeartbeatMs = 0;
  let prepare: ExtensionDeps['prepareImage'] = () => Promise.reject(new Error('agent not ready'));
  const managers = createDispatcher(
    rt.managers(state, (...args) => prepare(...args)),
    log,
  );
  const pluginData = async (): Promise<JsonObject> => ({
    firmware_components: (await (await managers).listFirmwareComponents()).map((c) => ({
      component: c.component,
      current_version: c.current_version,
    })),
  });
  // The lookup (and inspection) run while the hardware managers are evaluated and the command API starts: all
  // three are on the path to the first heartbeat (bench:agent-lab: ~1 s of the 9.9 s under emulation).
  // The token is kept the moment lookup hands it out: if the rest of the start-up then fails, the restarted
  // agent (the ramdisk's supervisor restarts it) reuses it instead of finding it masked.
  const lookup = findNode(rt, signal, pluginData).then((found) => {
    saveToken(config.stateDir, found.token);
    return found;
  });
  lookup.catch(() => undefined); // awaited below; this only keeps an early failure of the setup from going unhandled
  const dispatcher = await managers;
  prepare = rt.prepareImage(dispatcher);
  const executor = createCommandExecutor({
    extensions: buildExtensions({ ...rt, dispatcher, state, prepareImage: prepare }),
    log,
    signal,
    reportProgress: (message) => {
      state.progress = message;
      state.status = 'start';
      // Progress reaches the conductor (and operators) within ~10 s, not at the next 90-180 s heartbeat.
      if (rt.clock.now() - lastProgressHeartbeatMs >= PROGRESS_HEARTBEAT_MS) {
        lastProgressHeartbeatMs = rt.clock.now();
        heartbeater?.force();
      }
    },
    onCommandDone: (result) => {
      state.status = result.command_status === 'SUCCEEDED' ? 'end' : 'error';
      state.progress = `${result.command_name}: ${result.command_status}${result.command_error ? ` (${result.command_error.details.slice(0, 200)})` : ''}`;
      heartbeater?.force();
    },
  });
  const firstUrl = config.apiUrls[0] ?? config.inspectionCallbackUrl;
  const advertiseHost = config.advertiseHost !== '' ? config.advertiseHost : await routeSourceAddress(firstUrl);
  const certificate = config.tls ? agentCertificate(config.stateDir, advertiseHost, rt.clock.now()) : undefined;
  const api = await startAgentApi({
    host: config.listenHost,
    port: config.listenPort,
    tls: certificate,
    handler: createAgentApiHandler({
      executor,
      token: () => token,
      version: rt.version,
      startedAtS: rt.clock.now() / 1000,
      maxBodyBytes: config.maxBodyBytes,
      log,
    }),
  });
  const callbackUrl = `${certificate ? 'https' : 'http'}://${urlHost(advertiseHost)}:${api.port}`;
  log.info({ callback_url: callbackUrl, fingerprint: certificate?.fingerprint256 }, 'command API listening');
  const client = createIronicApiClient({
    urls: config.apiUrls,
    insecure: config.insecure,
    globalRequestId: config.globalRequestId,
    requestTimeoutMs: 60_000,
    log,
  });
  try {
    const found = await lookup;
    token = found.token;
    state.node = { ...found.node };
    rt.marker(`FERRO-AGENT lookup ok node=${found.node.uuid}`);
    log.info({ node: found.node.uuid, heartbeat_timeout_s: found.heartbeatTimeoutS }, 'lookup succeeded');
    let accepted = 0;
    heartbeater = createHeartbeater({
      client,
      nodeUuid: found.node.uuid,
      heartbeatTimeoutS: found.heartbeatTimeoutS,
      clock: rt.clock,
      random: rt.random,
      log: log.child({ node: found.node.uuid }),
      body: () => heartbeatBody(callbackUrl, rt.version, found.token, certificate?.certPem, state),
      onAccepted: () => {
        if (accepted++ === 0) rt.marker(`FERRO-AGENT heartbeat ok node=${found.node.uuid}`);
      },
    });
    await heartbeater.run(signal);
  } finally {
    await api.close();
    await client.close();
  }
}

/** Inspection first when configured (IPA does the same), then lookup unless inspection already answered like one. */
async function findNode(
  rt: AgentRuntime,
  signal: AbortSignal,
  pluginData: () => Promise<JsonObject>,
): Promise<LookupResult> {
  const { config, log } = rt;
  // Lookup needs only the MACs; the whole inventory (lsblk, DMI, BMC: about a second under emulation) is
  // collected when inspection asks for it. This is on the path to the first heartbeat.
  const inspecting = config.inspectionCallbackUrl !== '';
  const inventory = inspecting ? await rt.collectInventory(signal) : undefined;
  let nodeUuid: string | undefined;
  if (config.inspectionCallbackUrl !== '') {
    const inspector = createIronicApiClient({
      urls: [config.inspectionCallbackUrl],
      insecure: config.insecure,
      globalRequestId: config.globalRequestId,
      requestTimeoutMs: 60_000,
      log,
    });
    try {
      const outcome = await continueInspection(inspector, inventory ?? await rt.collectInventory(signal), await pluginData(), signal);
      nodeUuid = outcome.nodeUuid;
      log.info({ node: nodeUuid }, 'inspection data sent');
      const answer = outcome.lookup === undefined ? undefined : toLookupResult(outcome.lookup, config.agentToken !== '' ? config.agentToken : readSavedToken(config.stateDir));
      if (answer !== undefined && typeof answer !== 'string') return answer;
    } catch (error) {
      signal.throwIfAborted();
      log.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'inspection failed; looking the node up anyway',
      );
    } finally {
      await inspector.close();
    }
  }
  if (config.apiUrls.length === 0)
    throw new Error('inspection did not hand out a token and no ipa-api-url is set for lookup');
  const client = createIronicApiClient({
    urls: config.apiUrls,
    insecure: config.insecure,
    globalRequestId: config.globalRequestId,
    requestTimeoutMs: 30_000,
    log,
  });
  try {
    return await lookupNode({
      client,
      addresses: inventory !== undefined ? inventory.interfaces.map((i) => i.mac_address) : await rt.listMacAddresses(),
      nodeUuid,
      // A token saved by this boot's earlier agent process counts as pregenerated: lookup masks it now.
      pregeneratedToken: config.agentToken !== '' ? config.agentToken : readSavedToken(config.stateDir),
      timeoutMs: config.lookupTimeoutS * 1000,
      intervalMs: config.lookupIntervalS * 1000,
      clock: rt.clock,
      random: rt.random,
      log,
      signal,
    });
  } finally {
    await client.close();
  }
}

/** The heartbeat body (core HeartbeatRequest); the certificate travels with every heartbeat, as IPA sends it. */
export function heartbeatBody(
  callbackUrl: string,
  version: string,
  token: string,
  certPem: string | undefined,
  state: AgentState,
): HeartbeatRequest {
  const body: HeartbeatRequest = { callback_url: callbackUrl, agent_version: version, agent_token: token };
  if (certPem !== undefined) body.agent_verify_ca = certPem;
  if (state.status !== undefined) body.agent_status = state.status;
  if (state.progress !== undefined) body.agent_status_message = state.progress;
  return body;
}

/** This boot's certificate if an earlier agent process made one (the conductor pinned it), else a new one, kept. */
function agentCertificate(stateDir: string, host: string, nowMs: number): SelfSignedCertificate {
  const saved = readSavedCertificate(stateDir);
  if (saved !== undefined) return { ...saved, fingerprint256: certificateFingerprint256(saved.certPem) };
  const fresh = generateSelfSignedCertificate(host, nowMs);
  saveCertificate(stateDir, fresh);
  return fresh;
}
