import {
  InvalidParameterValue, InvalidStateRequested, NotAcceptable, POWER_TARGET_MIN_VERSION, PowerTarget, ProvisionState,
  isPowerTarget,
} from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import type { Caller } from './node-actions.js';
import { acquireNode, getNode } from './node-task.js';
import { checkWorkerAvailable, continueInBackground, historyUser, orRelease } from './operation.js';
import { changePower } from './power-action.js';

/**
 * PUT /v1/nodes/{id}/states/power. Checked synchronously as Ironic does (406 for soft targets or a timeout
 * before 1.27, 400 for a bad timeout or target and while cleaning); then the node is reserved,
 * target_power_state shown at once, and the change made and verified in the background.
 */
export async function setPower(deps: ConductorDeps, ident: string, target: PowerTarget, timeoutS: number | undefined, caller: Caller): Promise<void> {
  if ((isPowerTarget(target) && caller.apiMinor < POWER_TARGET_MIN_VERSION[target]) || (timeoutS !== undefined && caller.apiMinor < 27)) {
    throw new NotAcceptable('Request not acceptable. The minimal required API version should be 1.27');
  }
  if (timeoutS !== undefined && (!Number.isInteger(timeoutS) || timeoutS < 1)) throw new InvalidParameterValue('timeout has to be positive integer');
  const node = await getNode(deps, ident);
  if (!isPowerTarget(target)) throw new InvalidStateRequested(String(target), ident, String(node.power_state));
  if (node.provision_state === ProvisionState.Cleaning || node.provision_state === ProvisionState.CleanWait) {
    throw new InvalidStateRequested(target, ident, node.provision_state); // don't change power of nodes being cleaned
  }
  checkWorkerAvailable(deps);
  const task = await acquireNode(deps, node.uuid, 'changing node power state');
  await orRelease(task, async () => {
    const power = task.driver().power;
    power.validate(task.node);
    if (!power.getSupportedPowerStates(task.node).includes(target)) {
      throw new InvalidParameterValue(`The driver ${task.node.driver} does not support the power state, ${target}`);
    }
    const final = target === PowerTarget.Off || target === PowerTarget.SoftOff ? PowerTarget.Off : PowerTarget.On;
    await task.save({ target_power_state: final, last_error: null });
    continueInBackground(deps, task, 'set power', async (signal) => {
      await changePower(deps, task, target, { timeoutMs: timeoutS === undefined ? undefined : timeoutS * 1000, signal, user: historyUser(caller) })
        .catch(() => undefined); // recorded on the node (last_error, history) by changePower
    });
  });
}
