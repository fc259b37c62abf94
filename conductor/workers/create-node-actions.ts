import { injectNmi, getBootDevice, getSupportedBootDevices, setBootDevice } from './boot-device.js';
import { setBootMode, setSecureBoot } from './boot-mode.js';
import type { ConductorDeps } from './conductor-deps.js';
import { listDrivers } from './list-drivers.js';
import type { NodeActions } from './node-actions.js';
import { checkNodeUpdate, prepareNewNode } from './node-interfaces.js';
import { provision } from './provision.js';
import { setRaidConfig } from './raid.js';
import { setMaintenance } from './set-maintenance.js';
import { setPower } from './set-power.js';
import { validateNode } from './validate.js';

/** The conductor's answer to the API: every NodeActions method bound to `deps`. */
export function createNodeActions(deps: ConductorDeps): NodeActions {
  return {
    prepareNewNode: (node) => prepareNewNode(deps, node),
    checkNodeUpdate: (before, after, reset) => checkNodeUpdate(deps, before, after, reset),
    provision: (ident, request, caller) => provision(deps, ident, request, caller),
    setPower: (ident, target, timeoutS, caller) => setPower(deps, ident, target, timeoutS, caller),
    setMaintenance: (ident, on, reason, caller) => setMaintenance(deps, ident, on, reason, caller),
    validate: (ident) => validateNode(deps, ident),
    getBootDevice: (ident) => getBootDevice(deps, ident),
    setBootDevice: (ident, device, persistent, caller) => setBootDevice(deps, ident, device, persistent, caller),
    getSupportedBootDevices: (ident) => getSupportedBootDevices(deps, ident),
    injectNmi: (ident, caller) => injectNmi(deps, ident, caller),
    setBootMode: (ident, mode, caller) => setBootMode(deps, ident, mode, caller),
    setSecureBoot: (ident, on, caller) => setSecureBoot(deps, ident, on, caller),
    setRaidConfig: (ident, config, caller) => setRaidConfig(deps, ident, config, caller),
    listDrivers: () => listDrivers(deps),
  };
}
