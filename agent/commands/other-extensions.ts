import type { JsonObject } from '../../core/index.js';
import type { AgentExtension } from './agent-command.js';
import { AgentError } from './agent-error.js';

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
 * IPA's image extension. install_bootloader (grub2/efibootmgr for partition images and software RAID) is not
 * implemented: Ferro deploys whole-disk images, which carry their own bootloader. It fails clearly instead of
 * pretending, so the conductor reports a useful last_error.
 */
export function createImageExtension(): AgentExtension {
  return {
    install_bootloader: {
      mode: 'async',
      run: async () => {
        throw new AgentError(
          'CommandExecutionError',
          500,
          'Command execution failed',
          'install_bootloader is not supported by the Ferro agent: deploy a whole-disk image (it carries its own bootloader), or use ironic-python-agent for partition images',
        );
      },
    },
  };
}
