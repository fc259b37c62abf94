import type { JsonObject } from '../../core/index.js';
import type { AgentExtension } from './agent-command.js';
import { defaultBootloaderDeps, installBootloader, installBootloaderParams, type BootloaderDeps } from './install-bootloader.js';

/** What log and poll need. */
export interface InfoExtensionDeps {
  /** Base64 tar.gz of the system logs (commands/system-logs.ts). */
  collectSystemLogs(signal: AbortSignal): Promise<string>;
  /** The inventory plus `firmware` and `firmware_components`: [{component, current_version}]. */
  hardwareInfo(signal: AbortSignal): Promise<JsonObject>;
}

/** IPA's log extension: collect_system_logs returns `{system_logs: <base64 tar.gz>}`. */
export function createLogExtension(deps: InfoExtensionDeps): AgentExtension {
  return {
    collect_system_logs: {
      mode: 'sync',
      run: async (_p, ctx) => ({ system_logs: await deps.collectSystemLogs(ctx.signal) }),
    },
  };
}

/**
 * IPA's poll extension: get_hardware_info returns the inventory. Ferro adds the firmware components under
 * `firmware`, which is how the conductor reads versions before and after a firmware.update step.
 */
export function createPollExtension(deps: InfoExtensionDeps): AgentExtension {
  return { get_hardware_info: { mode: 'sync', run: async (_p, ctx) => deps.hardwareInfo(ctx.signal) } };
}

/**
 * IPA's image extension: install_bootloader puts the deployed image's own GRUB on the disk (partition
 * images; commands/install-bootloader.ts). Without a root_uuid it does nothing, as IPA does for whole-disk
 * images, which carry their own bootloader.
 */
export function createImageExtension(deps: BootloaderDeps = defaultBootloaderDeps): AgentExtension {
  return {
    install_bootloader: {
      mode: 'async',
      validate: (params) => { installBootloaderParams(params); },
      run: async (params, ctx) => installBootloader(deps, installBootloaderParams(params), ctx.signal),
    },
  };
}
