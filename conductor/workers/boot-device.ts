import { InvalidParameterValue, UnsupportedDriverExtension, type BootDevice } from '../../core/index.js';
import type { BootDeviceState } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { recordHistory } from './history.js';
import type { Caller } from './node-actions.js';
import { acquireNode, getNode } from './node-task.js';
import { historyUser } from './operation.js';

const READ_TIMEOUT_MS = 60_000;

/** GET /v1/nodes/{id}/management/boot_device: asks the BMC (a read, no reservation). */
export async function getBootDevice(deps: ConductorDeps, ident: string): Promise<BootDeviceState> {
  const node = await getNode(deps, ident);
  const management = deps.drivers.forNode(node).management;
  management.validate(node);
  return management.getBootDevice(node, { log: deps.log.child({ node: node.uuid }), signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
}

/** GET /v1/nodes/{id}/management/boot_device/supported. */
export async function getSupportedBootDevices(deps: ConductorDeps, ident: string): Promise<BootDevice[]> {
  const node = await getNode(deps, ident);
  const management = deps.drivers.forNode(node).management;
  return management.getSupportedBootDevices(node, { log: deps.log.child({ node: node.uuid }), signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
}

/** PUT /v1/nodes/{id}/management/boot_device, synchronous under the reservation as in Ironic. */
export async function setBootDevice(deps: ConductorDeps, ident: string, device: BootDevice, persistent: boolean, caller: Caller): Promise<void> {
  const task = await acquireNode(deps, ident, 'setting boot device');
  try {
    const management = task.driver().management;
    management.validate(task.node);
    const ctx = { log: task.log, signal: AbortSignal.timeout(deps.timeouts.powerStateChangeMs) };
    const supported = await management.getSupportedBootDevices(task.node, ctx);
    if (!supported.includes(device)) throw new InvalidParameterValue(`Invalid boot device ${device} specified.`);
    await management.setBootDevice(task.node, device, persistent, ctx);
    await recordHistory(deps, task.node, { eventType: 'management', event: `Boot device set to ${device}${persistent ? ' (persistent)' : ''}`, user: historyUser(caller) });
  } finally {
    await task.release();
  }
}

/** PUT /v1/nodes/{id}/management/inject_nmi (1.29). */
export async function injectNmi(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  const task = await acquireNode(deps, ident, 'inject nmi');
  try {
    const management = task.driver().management;
    management.validate(task.node);
    if (!management.injectNmi) throw new UnsupportedDriverExtension(`Driver ${task.node.driver} does not support inject_nmi (disabled or not implemented).`);
    await management.injectNmi(task.node, { log: task.log, signal: AbortSignal.timeout(deps.timeouts.powerStateChangeMs) });
    await recordHistory(deps, task.node, { eventType: 'management', event: 'NMI injected', user: historyUser(caller) });
  } finally {
    await task.release();
  }
}
