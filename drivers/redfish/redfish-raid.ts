import { PowerTarget, UnsupportedDriverExtension, type JsonObject, type NodeRef } from '../../core/index.js';
import {
  RAID_LOGICAL_DISK_PROPERTIES, defineStep, type RaidInterface, type StepCall, type StepContext,
  type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import { arrayAt, isObject, linkAt, linksAt, memberLinks, numberAt, objectAt, stringAt, stringsAt } from './json-fields.js';
import { checkRaidConfig, planVolumes, type StorageCandidate } from './raid-plan.js';
import type { RedfishClient, RequestContext } from './redfish-client.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { hasHttpStatus, httpFailureOf } from './redfish-failure.js';
import type { ResolvedRedfishOptions } from './redfish-options.js';
import { readSystem } from './redfish-system.js';
import { waitForTask } from './task-monitor.js';

/**
 * `redfish` RAID: builds `target_raid_config` as Volumes (POST to each Storage's Volumes collection) and
 * deletes them (DELETE each Volume), with `@Redfish.OperationApplyTime` Immediate when the collection supports
 * it, else OnReset followed by a reboot (ironic/drivers/modules/redfish/raid.py).
 */
export class RedfishRaid implements RaidInterface {
  constructor(private readonly pool: RedfishClientPool, private readonly options: ResolvedRedfishOptions) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
  }

  validateRaidConfig(node: NodeRef, config: JsonObject): void {
    checkRaidConfig(node.uuid, config);
  }

  getLogicalDiskProperties(): Record<string, string> {
    return { ...RAID_LOGICAL_DISK_PROPERTIES };
  }

  getSteps(_node: NodeRef, kind: StepKind): Promise<StepDefinition[]> {
    if (kind === 'verify') return Promise.resolve([]);
    return Promise.resolve([
      defineStep('raid', 'create_configuration', 0, { requiresRamdisk: false, argsinfo: {
        create_root_volume: { description: 'Whether to create the root volume. Defaults to true.', required: false },
        create_nonroot_volumes: { description: 'Whether to create the non-root volumes. Defaults to true.', required: false },
      } }),
      defineStep('raid', 'delete_configuration', 0, { requiresRamdisk: false }),
    ]);
  }

  async executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    if (step.step === 'create_configuration') return this.create(node, step.args, ctx);
    if (step.step === 'delete_configuration') return this.deleteAll(node, ctx);
    throw new UnsupportedDriverExtension(`Redfish RAID has no step ${step.step} (node ${node.uuid}).`);
  }

  private async create(node: NodeRef, args: JsonObject, ctx: StepContext): Promise<StepOutcome> {
    const root = args['create_root_volume'] !== false;
    const nonRoot = args['create_nonroot_volumes'] !== false;
    const disks = checkRaidConfig(node.uuid, ctx.node().target_raid_config)
      .filter((d) => (d['is_root_volume'] === true ? root : nonRoot));
    const { client, storages } = await this.readStorages(node, ctx);
    const plan = planVolumes(node.uuid, disks, storages);
    let needsReboot = false;
    for (const volume of plan) {
      const applyTime = await this.applyTime(client, volume.storage.volumesPath ?? '', ctx);
      needsReboot ||= applyTime === 'OnReset';
      const body = applyTime ? { ...volume.body, '@Redfish.OperationApplyTime': applyTime } : volume.body;
      const response = await client.send('POST', volume.storage.volumesPath ?? '', { body }, ctx);
      if (response.status === 202) await waitForTask(client, response, this.taskWait('RAID volume creation'), ctx);
      ctx.log.info({ node: node.uuid, storage: volume.storage.id, raidType: volume.body['RAIDType'] }, 'redfish RAID volume created');
    }
    if (needsReboot) await ctx.setPower(PowerTarget.Rebooting);
    const created = plan.map((v) => ({ ...v.disk, controller: v.storage.id, physical_disks: v.drivePaths }));
    return { result: 'done', changes: { raid_config: { logical_disks: created } } };
  }

  private async deleteAll(node: NodeRef, ctx: StepContext): Promise<StepOutcome> {
    const { client, storages } = await this.readStorages(node, ctx);
    let needsReboot = false;
    for (const storage of storages) {
      if (storage.volumesPath === undefined) continue;
      const applyTime = await this.applyTime(client, storage.volumesPath, ctx);
      needsReboot ||= applyTime === 'OnReset' && storage.usedDrives.size > 0;
      for (const volume of await this.volumePaths(client, storage.volumesPath, ctx)) {
        await this.deleteVolume(client, volume, applyTime, ctx);
      }
    }
    if (needsReboot) await ctx.setPower(PowerTarget.Rebooting);
    return { result: 'done', changes: { raid_config: { logical_disks: null } } };
  }

  /** DELETE with the apply time; iDRAC ≥ 6.00.02 rejects that body (SYS029), so it is retried without one. */
  private async deleteVolume(client: RedfishClient, path: string, applyTime: string | undefined, ctx: RequestContext): Promise<void> {
    const body = applyTime ? { '@Redfish.OperationApplyTime': applyTime } : undefined;
    try {
      const response = await client.send('DELETE', path, body ? { body } : {}, ctx);
      if (response.status === 202) await waitForTask(client, response, this.taskWait('RAID volume deletion'), ctx);
    } catch (error) {
      if (hasHttpStatus(error, 404)) return; // already gone
      const sys029 = httpFailureOf(error)?.messages.some((m) => m.messageId.includes('SYS029')) ?? false;
      if (!body || !sys029) throw error;
      const response = await client.send('DELETE', path, {}, ctx);
      if (response.status === 202) await waitForTask(client, response, this.taskWait('RAID volume deletion'), ctx);
    }
  }

  /** Immediate when the Volumes collection supports it, else OnReset, else nothing (the BMC decides). */
  private async applyTime(client: RedfishClient, volumesPath: string, ctx: RequestContext): Promise<'Immediate' | 'OnReset' | undefined> {
    const collection = await client.get(volumesPath, ctx);
    const supported = stringsAt(objectAt(collection.body, '@Redfish.OperationApplyTimeSupport'), 'SupportedValues');
    if (supported.includes('Immediate')) return 'Immediate';
    return supported.includes('OnReset') ? 'OnReset' : undefined;
  }

  private async volumePaths(client: RedfishClient, volumesPath: string, ctx: RequestContext): Promise<string[]> {
    return memberLinks((await client.get(volumesPath, ctx)).body);
  }

  private async readStorages(node: NodeRef, ctx: RequestContext): Promise<{ client: RedfishClient; storages: StorageCandidate[] }> {
    const { client, system } = await readSystem(this.pool, node, ctx);
    const storagePath = linkAt(system.body, 'Storage');
    if (storagePath === undefined) throw new UnsupportedDriverExtension(`BMC ${client.origin} of node ${node.uuid} has no Storage collection; RAID needs one.`);
    const storages: StorageCandidate[] = [];
    for (const path of memberLinks((await client.get(storagePath, ctx)).body)) {
      storages.push(await this.readStorage(client, path, ctx));
    }
    return { client, storages };
  }

  private async readStorage(client: RedfishClient, path: string, ctx: RequestContext): Promise<StorageCandidate> {
    const storage = (await client.get(path, ctx)).body;
    const volumesPath = linkAt(storage, 'Volumes');
    const drives = [];
    for (const drivePath of linksAt(storage, 'Drives')) {
      const drive = await tryGet(client, drivePath, ctx);
      if (drive) drives.push({ path: drivePath, id: stringAt(drive, 'Id') ?? drivePath, name: stringAt(drive, 'Name') ?? '', capacityBytes: numberAt(drive, 'CapacityBytes') ?? 0, mediaType: stringAt(drive, 'MediaType'), protocol: stringAt(drive, 'Protocol') });
    }
    const usedDrives = new Set<string>();
    for (const volume of volumesPath ? await this.volumePaths(client, volumesPath, ctx) : []) {
      const body = await tryGet(client, volume, ctx);
      linksAt(objectAt(body, 'Links'), 'Drives').forEach((d) => usedDrives.add(d));
    }
    return { id: stringAt(storage, 'Id') ?? path, path, volumesPath, raidTypes: await raidTypesOf(client, storage, ctx), drives, usedDrives };
  }

  private taskWait(what: string): Parameters<typeof waitForTask>[2] {
    return { clock: this.options.clock, timeoutMs: this.options.taskTimeoutMs, pollMs: this.options.taskPollMs, what };
  }
}

/** SupportedRAIDTypes from inline StorageControllers (Storage < 1.15) or the Controllers collection (newer). */
async function raidTypesOf(client: RedfishClient, storage: JsonObject, ctx: RequestContext): Promise<string[] | undefined> {
  let controllers = (arrayAt(storage, 'StorageControllers') ?? []).filter(isObject);
  const collection = linkAt(storage, 'Controllers');
  if (controllers.length === 0 && collection !== undefined) {
    const list = await tryGet(client, collection, ctx);
    controllers = [];
    for (const path of list ? memberLinks(list) : []) {
      const controller = await tryGet(client, path, ctx);
      if (controller) controllers.push(controller);
    }
  }
  const types = controllers.flatMap((c) => stringsAt(c, 'SupportedRAIDTypes'));
  return types.length ? [...new Set(types)] : undefined;
}

async function tryGet(client: RedfishClient, path: string, ctx: RequestContext): Promise<JsonObject | undefined> {
  try {
    return (await client.get(path, ctx)).body;
  } catch (error) {
    if (httpFailureOf(error) && !hasHttpStatus(error, 401)) return undefined;
    throw error;
  }
}
