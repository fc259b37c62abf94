import type { Clock } from '../../core/index.js';
import type { Implementations } from '../interfaces/index.js';
import { AgentClient } from './agent-client.js';
import { AgentDeploy } from './agent-deploy.js';
import { AgentFirmware } from './agent-firmware.js';
import { AgentInspect } from './agent-inspect.js';
import { AgentRaid } from './agent-raid.js';
import type { AgentDriverDeps, AgentDriverSettings, AgentLogSink } from './agent-settings.js';

export { AgentClient, commandErrorText, type AgentClientOptions } from './agent-client.js';
export { AgentDeploy } from './agent-deploy.js';
export { AgentFirmware } from './agent-firmware.js';
export { AgentInspect } from './agent-inspect.js';
export { AgentRaid } from './agent-raid.js';
export { agentEndpoint, type AgentEndpoint } from './agent-endpoint.js';
export { normalizeFingerprint } from './agent-tls.js';
export type { AgentDriverDeps, AgentDriverSettings, AgentLogSink, LogsCollect } from './agent-settings.js';

/** What main.ts passes to build the agent interfaces. */
export interface AgentImplementationsOptions {
  clock: Clock;
  commandTimeoutMs: number;
  settings: AgentDriverSettings;
  logs?: AgentLogSink | undefined;
}

/**
 * The interfaces that work through the agent in the ramdisk, under Ironic's names: deploy `direct`, inspect
 * `agent`, raid `agent`, and Ferro's firmware `agent`. Rescue through the agent is not built yet.
 */
export function createAgentImplementations(options: AgentImplementationsOptions): Implementations {
  const client = new AgentClient({
    commandTimeoutMs: options.commandTimeoutMs,
    // base64 logs are 4/3 of their size, plus the JSON around them
    maxResponseBytes: Math.ceil(options.settings.logsMaxBytes * 1.4) + 65_536,
  });
  const deps: AgentDriverDeps = { client, clock: options.clock, settings: options.settings, logs: options.logs };
  return {
    deploy: { direct: new AgentDeploy(deps) },
    inspect: { agent: new AgentInspect() },
    raid: { agent: new AgentRaid(deps) },
    firmware: { agent: new AgentFirmware(deps) },
  };
}
