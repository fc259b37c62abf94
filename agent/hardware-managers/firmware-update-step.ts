import type { JsonObject, JsonValue } from '../../core/index.js';
import { invalidCommandParams } from '../commands/agent-error.js';
import type {
  FirmwareComponentInfo,
  FirmwareUpdate,
  HardwareManager,
  ManagerContext,
  ManagerStep,
} from './hardware-manager.js';

/** Who can update firmware. */
export interface FirmwareUpdateStepDeps {
  /** Managers in dispatch order; a component goes to the first that lists it. */
  managers: readonly HardwareManager[];
  /** The manager that gets components nobody lists. */
  fallback: HardwareManager;
}

/**
 * Ferro's in-band `firmware.update` step. Its argument mirrors Ironic's out-of-band firmware interface
 * (`settings: [{component, url, checksum}]`, ironic/drivers/modules/redfish/firmware.py), so one deploy
 * template serves both. IPA has no generic firmware step (ironic.md §5.2); this is Ferro's addition.
 */
export function createFirmwareUpdateStep(deps: FirmwareUpdateStepDeps): ManagerStep {
  return {
    step: 'update',
    priority: 0,
    interface: 'firmware',
    reboot_requested: false,
    abortable: false, // an interrupted flash can brick the component
    argsinfo: {
      settings: { description: 'List of {component, url, checksum[, version]} to install, in order.', required: true },
    },
    run: async (args, ctx) => runUpdates(deps, parseSettings(args['settings']), ctx),
  };
}

/**
 * Installs each update in order, then reports every component in core's AgentFirmwareComponent shape
 * (`{firmware_components: [{component, current_version, previous_version?}]}`): previous_version is set on
 * the components this step changed, which the conductor records like Ironic's firmware component history.
 */
async function runUpdates(
  deps: FirmwareUpdateStepDeps,
  updates: FirmwareUpdate[],
  ctx: ManagerContext,
): Promise<JsonValue> {
  const before = new Map((await listAll(deps)).map((c) => [c.component, c.current_version]));
  const touched = new Set<string>();
  for (const [index, update] of updates.entries()) {
    ctx.signal.throwIfAborted();
    ctx.progress(`firmware update ${index + 1} of ${updates.length}: ${update.component}`);
    const manager = (await ownerOf(deps, update.component)) ?? deps.fallback;
    const info = await (manager.updateFirmware?.(update, ctx) ??
      Promise.reject(new Error(`${manager.name} cannot update firmware`)));
    touched.add(info.component);
  }
  const components: JsonObject[] = (await listAll(deps)).map((c) => {
    const previous = before.get(c.component);
    return touched.has(c.component) && previous !== undefined
      ? { component: c.component, current_version: c.current_version, previous_version: previous }
      : { component: c.component, current_version: c.current_version };
  });
  return { firmware_components: components };
}

async function listAll(deps: FirmwareUpdateStepDeps): Promise<FirmwareComponentInfo[]> {
  const all: FirmwareComponentInfo[] = [];
  for (const manager of deps.managers) all.push(...((await manager.listFirmwareComponents?.()) ?? []));
  return all;
}

async function ownerOf(deps: FirmwareUpdateStepDeps, component: string): Promise<HardwareManager | undefined> {
  for (const manager of deps.managers) {
    if (manager.updateFirmware === undefined || manager.listFirmwareComponents === undefined) continue;
    if ((await manager.listFirmwareComponents()).some((c) => c.component === component)) return manager;
  }
  return undefined;
}

function parseSettings(value: JsonValue | undefined): FirmwareUpdate[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalidCommandParams('firmware.update needs "settings": a non-empty list of {component, url, checksum}');
  return value.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw invalidCommandParams(`settings[${i}] must be an object`);
    const get = (key: string) => {
      const v = entry[key];
      if (typeof v !== 'string' || v === '')
        throw invalidCommandParams(`settings[${i}].${key} must be a non-empty string`);
      return v;
    };
    const update: FirmwareUpdate = { component: get('component'), url: get('url'), checksum: get('checksum') };
    if (typeof entry['version'] === 'string') update.version = entry['version'];
    return update;
  });
}
