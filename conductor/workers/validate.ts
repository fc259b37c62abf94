import { INTERFACE_NAMES } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { errorMessage } from './history.js';
import type { ValidationResult } from './node-actions.js';
import { getNode } from './node-task.js';

/**
 * GET /v1/nodes/{id}/validate: every interface's validate() (vendor excluded, it needs a method, as in
 * Ironic). Reads only; no reservation.
 */
export async function validateNode(deps: Pick<ConductorDeps, 'store' | 'drivers'>, ident: string): Promise<ValidationResult> {
  const node = await getNode(deps, ident);
  const driver = deps.drivers.forNode(node);
  const result: ValidationResult = {};
  for (const iface of INTERFACE_NAMES) {
    if (iface === 'vendor') continue;
    try {
      driver[iface].validate(node);
      result[iface] = { result: true, reason: null };
    } catch (error) {
      result[iface] = { result: false, reason: errorMessage(error) };
    }
  }
  return result;
}
