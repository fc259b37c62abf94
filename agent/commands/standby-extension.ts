import type { JsonObject, JsonValue } from '../../core/index.js';
import type { AgentState } from '../agent-state.js';
import type { ManagerContext } from '../hardware-managers/hardware-manager.js';
import { isJsonObject, type AgentExtension } from './agent-command.js';
import { invalidCommandParams } from './agent-error.js';
import { managerContext } from './step-extension.js';

/** A power action the agent performs on its own machine. */
export type PowerAction = 'reboot' | 'poweroff';

/** What the standby extension needs. */
export interface StandbyDeps {
  state: AgentState;
  /** standby.prepare_image's work (commands/prepare-image.ts, bound to its deps). */
  prepareImage(imageInfo: JsonObject, configdrive: JsonValue | undefined, ctx: ManagerContext): Promise<JsonObject>;
  /** Flushes file systems (`sync`). */
  sync(signal: AbortSignal): Promise<void>;
  /** Reboots or powers the machine off; in file-disk mode main.ts only records it. */
  powerAction(action: PowerAction, signal: AbortSignal): Promise<void>;
  /** Partition UUIDs of the last image written (IPA get_partition_uuids); whole-disk images have none. */
  partitionUuids(): JsonObject;
}

/**
 * IPA's standby extension (extensions/standby.py): write the image, then sync and reboot or power off.
 * IPA syncs before either power action so that the image is on disk when power goes.
 */
export function createStandbyExtension(deps: StandbyDeps): AgentExtension {
  const power = (action: PowerAction) => async (_params: JsonObject, ctx: { signal: AbortSignal }) => {
    await deps.sync(ctx.signal);
    await deps.powerAction(action, ctx.signal);
    return null;
  };
  return {
    prepare_image: {
      mode: 'async',
      validate: (params) => {
        if (!isJsonObject(params['image_info']))
          throw invalidCommandParams('prepare_image needs image_info (an object with urls, disk_format, checksum …)');
      },
      run: async (params, ctx) =>
        deps.prepareImage(params['image_info'] as JsonObject, params['configdrive'], managerContext(deps, params, ctx)),
    },
    run_image: { mode: 'async', run: power('reboot') },
    power_off: { mode: 'async', run: power('poweroff') },
    sync: {
      mode: 'sync',
      run: async (_params, ctx) => {
        await deps.sync(ctx.signal);
        return null;
      },
    },
    get_partition_uuids: { mode: 'sync', run: async () => deps.partitionUuids() },
  };
}
