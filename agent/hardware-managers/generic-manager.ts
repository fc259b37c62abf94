import type { InventoryDisk, JsonObject, JsonValue } from '../../core/index.js';
import { HardwareSupport, type HardwareManager, type ManagerContext, type ManagerStep } from './hardware-manager.js';

/** The disk side and the image writer, as the generic manager calls them (agent/disk/, agent/image/). */
export interface GenericManagerDeps {
  version: string;
  listDisks(signal?: AbortSignal): Promise<InventoryDisk[]>;
  chooseRootDevice(disks: readonly InventoryDisk[], hints: JsonObject | undefined): InventoryDisk;
  eraseDevicesMetadata(disks: readonly InventoryDisk[], ctx: ManagerContext): Promise<unknown>;
  eraseDevices(disks: readonly InventoryDisk[], ctx: ManagerContext): Promise<unknown>;
  createSoftwareRaid(
    targetRaidConfig: JsonObject,
    disks: readonly InventoryDisk[],
    ctx: ManagerContext,
  ): Promise<JsonObject>;
  deleteSoftwareRaid(ctx: ManagerContext): Promise<void>;
  softwareRaidRootDevice(signal?: AbortSignal): Promise<InventoryDisk | undefined>;
  /** standby.prepare_image's code, shared by the write_image deploy/service step. */
  writeImage(imageInfo: JsonObject, configdrive: JsonValue | undefined, ctx: ManagerContext): Promise<JsonObject>;
}

const RAID_APPLY_ARGSINFO: JsonObject = {
  raid_config: { description: 'The RAID configuration to apply.', required: true },
  delete_existing: {
    description:
      "Setting this to 'True' indicates to delete existing RAID configuration prior to creating the new configuration. Default value is 'True'.",
    required: false,
  },
};

const WRITE_IMAGE_ARGSINFO: JsonObject = {
  image_info: {
    description: 'The image to write: urls, disk_format, checksum or os_hash_algo/os_hash_value …',
    required: true,
  },
  configdrive: { description: 'Config drive (gzipped, base64) or its URL.', required: false },
};

/**
 * IPA's GenericHardwareManager, Ferro edition (hardware.py): disks, root device choice, erasure, software
 * RAID and image writing, with IPA's step names, priorities and argsinfo so Ironic's cached steps and deploy
 * templates work unchanged. Support is Generic: any vendor manager outranks it.
 */
export function createGenericManager(deps: GenericManagerDeps): HardwareManager {
  const step = (
    name: string,
    iface: ManagerStep['interface'],
    priority: number,
    run: ManagerStep['run'],
    extra: Partial<ManagerStep> = {},
  ): ManagerStep => ({ step: name, priority, interface: iface, reboot_requested: false, ...extra, run });
  const disks = (ctx: ManagerContext) => deps.listDisks(ctx.signal);
  const done = (): JsonValue => null;

  const eraseMetadata = async (_a: JsonObject, ctx: ManagerContext) => {
    await deps.eraseDevicesMetadata(await disks(ctx), ctx);
    return done();
  };
  const erase = async (_a: JsonObject, ctx: ManagerContext) => {
    await deps.eraseDevices(await disks(ctx), ctx);
    return done();
  };
  const deleteConfiguration = async (_a: JsonObject, ctx: ManagerContext) => {
    await deps.deleteSoftwareRaid(ctx);
    return done();
  };
  const createConfiguration = async (_a: JsonObject, ctx: ManagerContext) =>
    createRaid(deps, targetRaidConfig(ctx.node), ctx);
  const applyConfiguration = async (args: JsonObject, ctx: ManagerContext) => {
    const config = args['raid_config'];
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new TypeError('apply_configuration needs raid_config (an object with logical_disks)');
    if (args['delete_existing'] !== false) await deps.deleteSoftwareRaid(ctx);
    return createRaid(deps, config, ctx);
  };
  const writeImage = async (args: JsonObject, ctx: ManagerContext) => {
    const imageInfo = args['image_info'];
    if (typeof imageInfo !== 'object' || imageInfo === null || Array.isArray(imageInfo))
      throw new TypeError('write_image needs image_info (an object)');
    return deps.writeImage(imageInfo, args['configdrive'], ctx);
  };

  // IPA: write_image has priority 0 on the agent because Ironic proxies it through its own out-of-band
  // deploy.write_image step (priority 80), which calls execute_deploy_step; the agent's priority is unused.
  const writeImageStep = step('write_image', 'deploy', 0, writeImage, { argsinfo: WRITE_IMAGE_ARGSINFO });
  return {
    name: 'generic_hardware_manager',
    version: deps.version,
    evaluateHardwareSupport: async () => HardwareSupport.Generic,
    listDisks: () => deps.listDisks(),
    getOsInstallDevice: (hints) => osInstallDevice(deps, hints),
    getCleanSteps: async () => [
      step('erase_devices', 'deploy', 10, erase, { abortable: true }),
      step('erase_devices_metadata', 'deploy', 99, eraseMetadata, { abortable: true }),
      step('delete_configuration', 'raid', 0, deleteConfiguration, { abortable: true }),
      step('create_configuration', 'raid', 0, createConfiguration, { abortable: true }),
    ],
    getDeploySteps: async () => [
      step('erase_devices_metadata', 'deploy', 0, eraseMetadata),
      step('apply_configuration', 'raid', 0, applyConfiguration, { argsinfo: RAID_APPLY_ARGSINFO }),
      writeImageStep,
    ],
    getServiceSteps: async () => [
      step('delete_configuration', 'raid', 0, deleteConfiguration, { abortable: true }),
      step('apply_configuration', 'raid', 0, applyConfiguration, { argsinfo: RAID_APPLY_ARGSINFO }),
      step('create_configuration', 'raid', 0, createConfiguration, { abortable: true }),
      writeImageStep,
    ],
  };
}

/** IPA get_os_install_device: a software RAID device when one exists and no hints say otherwise, else the hints. */
async function osInstallDevice(deps: GenericManagerDeps, hints: JsonObject | undefined): Promise<InventoryDisk> {
  const raid = await deps.softwareRaidRootDevice();
  if (hints === undefined && raid !== undefined) return raid;
  const disks = await deps.listDisks();
  return deps.chooseRootDevice(raid === undefined ? disks : [...disks, raid], hints);
}

/** The node's target_raid_config, as the conductor sent the node with the step (IPA reads node['target_raid_config']). */
function targetRaidConfig(node: JsonObject): JsonObject | undefined {
  const config = node['target_raid_config'];
  return typeof config === 'object' && config !== null && !Array.isArray(config) && Object.keys(config).length > 0
    ? config
    : undefined;
}

async function createRaid(
  deps: GenericManagerDeps,
  config: JsonObject | undefined,
  ctx: ManagerContext,
): Promise<JsonValue> {
  if (config === undefined) return {}; // IPA: no target_raid_config, nothing to create
  return deps.createSoftwareRaid(config, await deps.listDisks(ctx.signal), ctx);
}
