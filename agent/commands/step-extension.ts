import type { JsonObject, JsonValue } from '../../core/index.js';
import type { AgentState } from '../agent-state.js';
import type { Dispatcher, StepKind } from '../hardware-managers/dispatcher.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import { isJsonObject, type AgentExtension, type CommandContext } from './agent-command.js';
import { AgentError, invalidCommandParams, versionMismatch } from './agent-error.js';

/** What the clean/deploy/service extensions need. */
export interface StepExtensionDeps {
  dispatcher: Dispatcher;
  state: AgentState;
}

/** The parameter naming the hardware manager versions the conductor cached (IPA: clean_version …). */
const VERSION_PARAM: Record<StepKind, string> = {
  clean: 'clean_version',
  deploy: 'deploy_version',
  service: 'service_version',
};

/**
 * IPA's clean, deploy and service extensions (extensions/clean.py, deploy.py, service.py), which differ only
 * in their names: `get_<kind>_steps(node, ports)` lists the de-duplicated steps per manager, and
 * `execute_<kind>_step(step, node, ports, <kind>_version)` runs one in the background.
 */
export function createStepExtension(kind: StepKind, deps: StepExtensionDeps): AgentExtension {
  return {
    [`get_${kind}_steps`]: {
      mode: 'sync',
      run: async (params, ctx) => {
        const steps = await deps.dispatcher.getSteps(kind, managerContext(deps, params, ctx));
        // AgentStep is an interface (no index signature), so it is JSON by construction but not by type.
        return {
          [`${kind}_steps`]: steps as unknown as JsonObject,
          hardware_manager_version: deps.dispatcher.versions(),
        };
      },
    },
    [`execute_${kind}_step`]: {
      mode: 'async',
      validate: (params) => {
        const step = params['step'];
        if (!isJsonObject(step) || typeof step['step'] !== 'string')
          throw invalidCommandParams(
            `Malformed ${kind}_step, no "step" key: ${JSON.stringify(step ?? null).slice(0, 200)}`,
          );
      },
      run: async (params, ctx) => {
        const step = params['step'] as JsonObject;
        checkVersions(deps.dispatcher.versions(), params[VERSION_PARAM[kind]]);
        const mctx = managerContext(deps, params, ctx);
        const name = step['step'] as string;
        const found = await deps.dispatcher.findStep(kind, name, mctx);
        if (found === undefined)
          throw new AgentError(
            'HardwareManagerMethodNotFound',
            500,
            'No HardwareManager found to handle method',
            `Could not find method: ${name}`,
          );
        const args = isJsonObject(step['args']) ? step['args'] : {};
        ctx.log.info({ step: name, interface: found.interface }, `${kind} step started`);
        const result = await found.run(args, mctx);
        return { [`${kind}_result`]: result, [`${kind}_step`]: step };
      },
    },
  };
}

/** IPA hardware.check_versions: the versions the conductor cached must equal the current ones exactly. */
function checkVersions(current: Record<string, string>, provided: JsonValue | undefined): void {
  if (provided === undefined || provided === null || (isJsonObject(provided) && Object.keys(provided).length === 0))
    return;
  const same =
    isJsonObject(provided) &&
    Object.keys(provided).length === Object.keys(current).length &&
    Object.entries(current).every(([name, version]) => provided[name] === version);
  if (!same) throw versionMismatch(current, provided);
}

/** The ManagerContext of a step command; the node and ports it carries are cached (IPA hardware.cache_node). */
export function managerContext(deps: { state: AgentState }, params: JsonObject, ctx: CommandContext): ManagerContext {
  const node = params['node'];
  if (isJsonObject(node)) deps.state.node = node;
  const ports = params['ports'];
  if (Array.isArray(ports)) deps.state.ports = ports.filter((p) => isJsonObject(p));
  return { node: deps.state.node ?? {}, ports: deps.state.ports, signal: ctx.signal, progress: ctx.progress };
}
