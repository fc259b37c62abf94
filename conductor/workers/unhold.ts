import { ProvisionState } from '../../core/index.js';
import type { StepKind } from '../../drivers/interfaces/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { continueSteps } from './continue-steps.js';
import { fireEvent } from './fire-event.js';
import type { Caller } from './node-actions.js';
import { beginOperation, historyUser, orRelease } from './operation.js';

const KIND_OF_HOLD: Readonly<Record<string, Exclude<StepKind, 'verify'>>> = {
  [ProvisionState.CleanHold]: 'clean', [ProvisionState.DeployHold]: 'deploy', [ProvisionState.ServiceHold]: 'service',
};

/**
 * `unhold` (1.85): * hold -> * wait, then the run continues with the step after the one that held.
 * Ironic waits for the next agent heartbeat; we continue at once, which is the same for out-of-band steps
 * and harmless for in-band ones (the agent is up and heartbeating while a node holds).
 */
export async function unhold(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'unhold', 'unhold');
  const kind = KIND_OF_HOLD[task.node.provision_state];
  await orRelease(task, async () => {
    await fireEvent(deps, task, 'unhold', { user: historyUser(caller) });
  });
  await task.release();
  if (kind) await continueSteps(deps, task.node.uuid, kind);
}
