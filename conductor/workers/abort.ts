import { ProvisionState, type NodeRecord } from '../../core/index.js';
import type { ConductorDeps } from './conductor-deps.js';
import { fireEvent } from './fire-event.js';
import type { Caller } from './node-actions.js';
import type { NodeTask } from './node-task.js';
import { beginOperation, historyUser, orRelease } from './operation.js';
import { nodeControl } from './node-control.js';
import { cleanUpRescue } from './rescue.js';
import { clearedSteps } from './steps/run-steps.js';
import { stepId } from './steps/step-list.js';

const S = ProvisionState;

/**
 * `abort` (1.13): stops an operation that waits (clean/inspect/rescue/deploy/service wait) or holds, into
 * its failed state with last_error saying it was by request; `service failed` goes back to active.
 * A clean step that is not abortable is flagged `abort_after` and the clean stops once it completes.
 */
export async function abort(deps: ConductorDeps, ident: string, caller: Caller): Promise<void> {
  const task = await beginOperation(deps, ident, 'abort', 'abort');
  await orRelease(task, async () => {
    const node = task.node;
    const signal = AbortSignal.timeout(deps.timeouts.powerStateChangeMs);
    const user = historyUser(caller);
    if (node.provision_state === S.CleanWait && Object.keys(node.clean_step).length > 0 && node.clean_step['abortable'] !== true) {
      await task.save({ clean_step: { ...node.clean_step, abort_after: true } });
      task.log.info({ step: node.clean_step['step'] }, 'clean step is not abortable; cleaning stops after it');
      return;
    }
    const note = abortMessage(node);
    const changes: Partial<NodeRecord> = { last_error: note };
    if (node.provision_state === S.CleanWait || node.provision_state === S.CleanHold) {
      await tearDownSteps(deps, task, 'clean', signal);
      Object.assign(changes, clearedSteps(node, 'clean'));
    } else if (node.provision_state === S.InspectWait) {
      await task.driver().inspect.abort?.(task.node, nodeControl(deps, task, signal));
    } else if (node.provision_state === S.RescueWait) {
      await cleanUpRescue(task, signal);
      const info = { ...node.instance_info };
      delete info['rescue_password'];
      changes.instance_info = info;
    } else if (node.provision_state === S.DeployWait || node.provision_state === S.DeployHold) {
      await tearDownSteps(deps, task, 'deploy', signal);
      Object.assign(changes, clearedSteps(node, 'deploy'));
    } else if (node.provision_state === S.ServiceWait || node.provision_state === S.ServiceHold) {
      await tearDownSteps(deps, task, 'service', signal);
      Object.assign(changes, clearedSteps(node, 'service'));
    } else if (node.provision_state === S.ServiceFailed) {
      changes.last_error = null;
    }
    await fireEvent(deps, task, 'abort', { changes, user, ...(changes.last_error ? { note } : {}) });
  });
  await task.release();
}

function abortMessage(node: NodeRecord): string {
  switch (node.provision_state) {
    case S.CleanWait:
    case S.CleanHold: {
      const step = node.clean_step;
      const during = typeof step['interface'] === 'string' && typeof step['step'] === 'string'
        ? ` during or after the completion of step "${stepId({ interface: step['interface'] as never, step: step['step'] })}"` : '';
      return `By request, the clean operation was aborted${during}`;
    }
    case S.InspectWait: return 'Inspection was aborted by request.';
    case S.RescueWait: return 'By request, the rescue operation was aborted.';
    case S.DeployWait:
    case S.DeployHold: return 'By request, the deploy operation was aborted.';
    default: return 'By request, the service operation was aborted.';
  }
}

async function tearDownSteps(deps: ConductorDeps, task: NodeTask, kind: 'clean' | 'deploy' | 'service', signal: AbortSignal): Promise<void> {
  try {
    await task.driver().deploy.finishSteps?.(task.node, kind, nodeControl(deps, task, signal));
  } catch (error) {
    task.log.warn({ err: error }, 'tear down after abort failed');
  }
}
