import type { Inventory, JsonObject, JsonValue } from '../core/index.js';
import type { AgentState } from './agent-state.js';
import type { AgentExtensions } from './commands/agent-command.js';
import { createImageExtension, createLogExtension, createPollExtension } from './commands/other-extensions.js';
import { createStandbyExtension, type PowerAction } from './commands/standby-extension.js';
import { createStepExtension } from './commands/step-extension.js';
import type { Dispatcher } from './hardware-managers/dispatcher.js';
import type { ManagerContext } from './hardware-managers/hardware-manager.js';

/** Everything the extensions call. */
export interface ExtensionDeps {
  dispatcher: Dispatcher;
  state: AgentState;
  prepareImage: (imageInfo: JsonObject, configdrive: JsonValue | undefined, ctx: ManagerContext) => Promise<JsonObject>;
  sync: (signal: AbortSignal) => Promise<void>;
  powerAction: (action: PowerAction, signal: AbortSignal) => Promise<void>;
  collectInventory: (signal: AbortSignal) => Promise<Inventory>;
  collectSystemLogs: (signal: AbortSignal) => Promise<string>;
}

/** IPA's extensions by name (the `ironic_python_agent.extensions` entry points Ferro implements). */
export function buildExtensions(deps: ExtensionDeps): AgentExtensions {
  const hardwareInfo = async (signal: AbortSignal): Promise<JsonObject> => {
    const inventory = await deps.collectInventory(signal);
    const firmware = (await deps.dispatcher.listFirmwareComponents()).map((c) => ({
      component: c.component,
      current_version: c.current_version,
    }));
    // `firmware` as issue #5 asked; `firmware_components` is core's AgentFirmwareComponent key (same list).
    return { ...(inventory as unknown as JsonObject), firmware, firmware_components: firmware };
  };
  const info = { collectSystemLogs: deps.collectSystemLogs, hardwareInfo };
  return new Map([
    ['standby', createStandbyExtension({ ...deps, partitionUuids: () => ({}) })],
    ['clean', createStepExtension('clean', deps)],
    ['deploy', createStepExtension('deploy', deps)],
    ['service', createStepExtension('service', deps)],
    ['image', createImageExtension()],
    ['log', createLogExtension(info)],
    ['poll', createPollExtension(info)],
  ]);
}
