import { AgentCommandFailed, AgentInfoKey, type JsonObject, type NodeRecord } from '../../core/index.js';
import { isJsonObject, type StepCall, type StepContext, type StepOutcome } from '../interfaces/index.js';
import { commandErrorText } from './agent-client.js';
import { agentEndpoint } from './agent-endpoint.js';
import { agentNodeView } from './agent-node-view.js';
import { runKind } from './agent-session.js';
import type { AgentDriverDeps } from './agent-settings.js';
import type { AgentStepKind } from './agent-steps.js';
import { inBandStepChanges, mergeChanges } from './in-band-result.js';

/** The in-band command a step waits for, saved in driver_internal_info while the agent runs it. */
export interface PendingCommand {
  id: string;
  name: string;
  /** `interface.step` of the step that started it. */
  step: string;
  kind: AgentStepKind;
}

/** The pending command recorded on the node, if any. */
export function pendingCommand(node: Pick<NodeRecord, 'driver_internal_info'>): PendingCommand | undefined {
  const raw = node.driver_internal_info[AgentInfoKey.PendingCommand];
  if (!isJsonObject(raw) || typeof raw['name'] !== 'string' || typeof raw['step'] !== 'string') return undefined;
  const kind = raw['kind'] === 'clean' || raw['kind'] === 'service' ? raw['kind'] : 'deploy';
  return { id: typeof raw['id'] === 'string' ? raw['id'] : '', name: raw['name'], step: raw['step'], kind };
}

/** The driver_internal_info change recording `pending`. */
export function pendingChange(pending: PendingCommand): JsonObject {
  return { [AgentInfoKey.PendingCommand]: { id: pending.id, name: pending.name, step: pending.step, kind: pending.kind } };
}

/**
 * Runs a step inside the ramdisk (Ironic's agent_base.execute_step): `<kind>.execute_<kind>_step` with the
 * step, the node, its ports and the hardware manager versions the steps were listed with. IPA answers at
 * once with RUNNING; the step then waits and the heartbeat polls the command (pollPendingCommand). A command
 * that already finished is handled here.
 */
export async function executeInBandStep(deps: AgentDriverDeps, step: StepCall, ctx: StepContext): Promise<StepOutcome> {
  const node = ctx.node();
  const kind = runKind(node);
  const name = `${kind}.execute_${kind}_step`;
  const stepId = `${step.interface}.${step.step}`;
  const versions = node.driver_internal_info[AgentInfoKey.HardwareManagerVersion];
  const params: JsonObject = {
    step: { interface: step.interface, step: step.step, args: step.args, priority: step.priority, abortable: step.abortable ?? false },
    node: agentNodeView(node), ports: [], [`${kind}_version`]: versions ?? null,
  };
  const command = await deps.client.command(agentEndpoint(node), name, params, { wait: false, signal: ctx.signal });
  ctx.log.info({ command: name, status: command.command_status }, 'in-band step started');
  if (command.command_status === 'SUCCEEDED') return { result: 'done', changes: inBandStepChanges(stepId, kind, command) };
  if (command.command_status !== 'RUNNING') throw new AgentCommandFailed(node.uuid, name, commandErrorText(command));
  return { result: 'wait', changes: { driver_internal_info: pendingChange({ id: command.id, name, step: stepId, kind }) } };
}

/** Starts a command that an out-of-band step waits for (standby.prepare_image) and records it as pending. */
export async function startPendingCommand(deps: AgentDriverDeps, node: NodeRecord, stepId: string, name: string, params: JsonObject, ctx: StepContext): Promise<StepOutcome> {
  const command = await deps.client.command(agentEndpoint(node), name, params, { wait: false, signal: ctx.signal });
  if (command.command_status === 'FAILED') throw new AgentCommandFailed(node.uuid, name, commandErrorText(command));
  const pending = pendingChange({ id: command.id, name, step: stepId, kind: runKind(node) });
  if (command.command_status === 'SUCCEEDED') return { result: 'done', changes: { driver_internal_info: { [AgentInfoKey.PendingCommand]: null } } };
  return { result: 'wait', changes: mergeChanges({}, { driver_internal_info: pending }) };
}
