import { INTERFACE_NAMES, type NodeRecord } from '../../core/index.js';
import type { InterfaceFields } from '../../drivers/index.js';
import type { ConductorDeps } from './conductor-deps.js';

/** POST /v1/nodes: fills unset *_interface fields with the hardware type's defaults and checks set ones. */
export function prepareNewNode(deps: Pick<ConductorDeps, 'drivers'>, node: NodeRecord): NodeRecord {
  return { ...node, ...deps.drivers.resolveInterfaces(node.driver, node, node.conductor_group) };
}

/**
 * PATCH /v1/nodes/{id}: re-checks driver and interfaces. With `resetInterfaces` (1.45, when the driver
 * changes) every interface the patch did not set goes back to the new driver's default.
 */
export function checkNodeUpdate(deps: Pick<ConductorDeps, 'drivers'>, before: NodeRecord, after: NodeRecord, resetInterfaces: boolean): NodeRecord {
  const fields: InterfaceFields = {};
  for (const iface of INTERFACE_NAMES) {
    const key = `${iface}_interface` as const;
    const untouched = after[key] === before[key];
    fields[key] = resetInterfaces && untouched ? null : after[key];
  }
  return { ...after, ...deps.drivers.resolveInterfaces(after.driver, fields, after.conductor_group) };
}
