import { InvalidParameterValue, PowerTarget, UnsupportedDriverExtension, type JsonObject, type JsonValue, type NodeRef } from '../../core/index.js';
import {
  STEP_DONE, defineStep, type DriverContext, type FirmwareComponent, type FirmwareInterface, type StepCall,
  type StepContext, type StepDefinition, type StepKind, type StepOutcome,
} from '../interfaces/index.js';
import { allowableValues, findAction } from './allowable-values.js';
import { firmwareComponents, type InventoryItem } from './firmware-inventory.js';
import { isObject, linkAt, linksAt, objectAt, stringAt } from './json-fields.js';
import type { RedfishClient, RequestContext } from './redfish-client.js';
import type { RedfishClientPool } from './redfish-client-pool.js';
import { parseRedfishDriverInfo } from './redfish-driver-info.js';
import { hasHttpStatus, httpFailureOf } from './redfish-failure.js';
import type { ResolvedRedfishOptions } from './redfish-options.js';
import { readSystem } from './redfish-system.js';
import { waitForTask } from './task-monitor.js';

/** One entry of the update step's `settings` argument (Ironic firmware interface: component and url). */
interface UpdateRequest {
  component: string;
  url: string;
}

/**
 * `redfish` firmware: components `bios` (System.BiosVersion) and `bmc` (Manager.FirmwareVersion) as Ironic
 * names them, with FirmwareInventory as fallback; the `update` step POSTs `#UpdateService.SimpleUpdate` with the
 * image URL and follows the task monitor (ironic/drivers/modules/redfish/firmware.py).
 */
export class RedfishFirmware implements FirmwareInterface {
  constructor(private readonly pool: RedfishClientPool, private readonly options: ResolvedRedfishOptions) {}

  validate(node: NodeRef): void {
    parseRedfishDriverInfo(node);
  }

  async getComponents(node: NodeRef, ctx: DriverContext): Promise<FirmwareComponent[]> {
    const { client, system } = await readSystem(this.pool, node, ctx);
    const manager = await optionalGet(client, linksAt(objectAt(system.body, 'Links'), 'ManagedBy')[0], ctx);
    return firmwareComponents(system.body, manager, await this.inventory(client, ctx));
  }

  getSteps(_node: NodeRef, kind: StepKind): Promise<StepDefinition[]> {
    if (kind === 'verify') return Promise.resolve([]);
    return Promise.resolve([defineStep('firmware', 'update', 0, { requiresRamdisk: false, argsinfo: {
      settings: { description: 'A list of dicts with component and url', required: true },
    } })]);
  }

  async executeStep(node: NodeRef, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
    if (step.step !== 'update') throw new UnsupportedDriverExtension(`Redfish firmware has no step ${step.step} (node ${node.uuid}).`);
    const requests = parseUpdates(node.uuid, step.args['settings']);
    const { client } = this.pool.clientFor(node);
    for (const request of requests) await this.update(node, client, request, ctx);
    // A new BIOS image is flashed on the next boot (Ironic reboots after BIOS updates).
    if (requests.some((r) => r.component === 'bios')) await ctx.setPower(PowerTarget.Rebooting);
    return STEP_DONE;
  }

  private async update(node: NodeRef, client: RedfishClient, request: UpdateRequest, ctx: StepContext): Promise<void> {
    const servicePath = linkAt(await client.serviceRoot(ctx), 'UpdateService');
    if (servicePath === undefined) throw new UnsupportedDriverExtension(`BMC ${client.origin} of node ${node.uuid} has no UpdateService.`);
    const service = await client.get(servicePath, ctx);
    const action = findAction(service, '#UpdateService.SimpleUpdate');
    if (!action) throw new UnsupportedDriverExtension(`BMC ${client.origin} of node ${node.uuid} offers no #UpdateService.SimpleUpdate.`);
    const body: JsonObject = { ImageURI: request.url };
    // TransferProtocol is ignored when ImageURI has a scheme (UpdateService.v1); send it only where it is listed.
    const protocol = new URL(request.url).protocol.replace(':', '').toUpperCase();
    if ((await allowableValues(client, action, 'TransferProtocol', ctx))?.includes(protocol)) body['TransferProtocol'] = protocol;
    const response = await client.send('POST', action.target, { body }, ctx);
    ctx.log.info({ node: node.uuid, component: request.component, status: response.status }, 'redfish SimpleUpdate accepted');
    if (response.status !== 202) return;
    const outcome = await waitForTask(client, response, {
      clock: this.options.clock, timeoutMs: this.options.taskTimeoutMs, pollMs: this.options.taskPollMs, what: `SimpleUpdate of ${request.component}`,
    }, ctx);
    // A BIOS monitor that vanishes may be a job waiting for the reboot (redfish.md §1): the reboot follows.
    if (outcome.state === 'gone') ctx.log.warn({ node: node.uuid, component: request.component }, 'redfish update task monitor vanished');
  }

  private async inventory(client: RedfishClient, ctx: RequestContext): Promise<InventoryItem[]> {
    const service = await optionalGet(client, linkAt(await client.serviceRoot(ctx), 'UpdateService'), ctx);
    const collection = await optionalGet(client, linkAt(service, 'FirmwareInventory'), ctx);
    const items: InventoryItem[] = [];
    for (const path of linksAt(collection, 'Members')) {
      const body = await optionalGet(client, path, ctx);
      if (body) items.push({ path, body });
    }
    return items;
  }
}

function parseUpdates(nodeId: string, settings: JsonValue | undefined): UpdateRequest[] {
  if (!Array.isArray(settings) || settings.length === 0) {
    throw new InvalidParameterValue(`Firmware update on node ${nodeId} needs settings: a non-empty list of {"component", "url"}.`);
  }
  return settings.map((item) => {
    const entry = isObject(item) ? item : undefined;
    const component = stringAt(entry, 'component');
    const url = stringAt(entry, 'url');
    if (component === undefined || url === undefined || !/^https?:\/\//i.test(url)) {
      throw new InvalidParameterValue(`Firmware update on node ${nodeId}: every setting needs a "component" and an http(s) "url".`);
    }
    return { component, url };
  });
}

async function optionalGet(client: RedfishClient, path: string | undefined, ctx: RequestContext): Promise<JsonObject | undefined> {
  if (path === undefined) return undefined;
  try {
    return (await client.get(path, ctx)).body;
  } catch (error) {
    if (httpFailureOf(error) && !hasHttpStatus(error, 401)) return undefined; // optional parts may be missing
    throw error;
  }
}
