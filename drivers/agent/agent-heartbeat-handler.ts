import { AgentInfoKey, type AgentCommandResult } from '../../core/index.js';
import type { AgentHeartbeat, HeartbeatOutcome, StepContext } from '../interfaces/index.js';
import { commandErrorText } from './agent-client.js';
import { agentEndpoint } from './agent-endpoint.js';
import { collectAgentLogs, wantsLogs } from './agent-logs.js';
import type { AgentDriverDeps } from './agent-settings.js';
import { refreshAgentSteps, type AgentStepKind } from './agent-steps.js';
import { inBandStepChanges, mergeChanges } from './in-band-result.js';
import { pendingCommand, type PendingCommand } from './in-band-step.js';

/** driver_internal_info flag: logs were already collected for this run (so finishSteps does not again). */
export const LOGS_COLLECTED_KEY = 'agent_logs_collected';

/**
 * IPA's _freshly_booted: the ramdisk has just started when it ran no command yet, or only the step listing
 * the conductor asked for on the first heartbeat.
 */
export function isFreshlyBooted(commands: readonly AgentCommandResult[], kind: AgentStepKind): boolean {
  return commands.length === 0 || commands.every((c) => c.command_name === `get_${kind}_steps` || c.command_name === `${kind}.get_${kind}_steps`);
}

/**
 * agent_base.HeartbeatMixin for a node waiting in a step run. Without a pending command the node waits for
 * the ramdisk: a fresh ramdisk lists its steps (refresh_steps) and the run continues; otherwise an
 * out-of-band step is in progress and the heartbeat changes nothing. With a pending command, its status
 * decides: RUNNING waits, SUCCEEDED continues with what the step produced, FAILED fails the run with the
 * agent's error (logs collected first, while the ramdisk is still up).
 */
export async function handleHeartbeat(deps: AgentDriverDeps, hb: AgentHeartbeat, ctx: StepContext): Promise<HeartbeatOutcome> {
  const node = ctx.node();
  const endpoint = agentEndpoint(node);
  const pending = pendingCommand(node);
  const commands = await deps.client.listCommands(endpoint, ctx.signal);
  if (pending === undefined) {
    if (!isFreshlyBooted(commands, hb.kind)) return { action: 'wait' };
    ctx.log.info({ kind: hb.kind }, 'agent booted; listing its in-band steps');
    const cache = await refreshAgentSteps(deps.client, endpoint, node, hb.kind, ctx.signal);
    return { action: 'continue', changes: { driver_internal_info: cache } };
  }
  const command = findCommand(commands, pending);
  if (command === undefined) {
    return fail(`the agent has no record of ${pending.name} for step ${pending.step}; it restarted while the step ran`);
  }
  const cleared = { driver_internal_info: { [AgentInfoKey.PendingCommand]: null } };
  switch (command.command_status) {
    case 'RUNNING':
      return { action: 'wait' };
    case 'SUCCEEDED':
      ctx.log.info({ step: pending.step, command: pending.name }, 'in-band command succeeded');
      return { action: 'continue', changes: mergeChanges(inBandStepChanges(pending.step, pending.kind, command), cleared) };
    case 'CLEAN_VERSION_MISMATCH':
      return fail(`the agent's hardware managers changed since the ${pending.kind} steps were listed; start the ${pending.kind} run again`, cleared);
    case 'FAILED': {
      const collected = wantsLogs(deps, true);
      if (collected) await collectAgentLogs(deps, endpoint, node, `${pending.kind}-failed`, ctx);
      const changes = mergeChanges(cleared, collected ? { driver_internal_info: { [LOGS_COLLECTED_KEY]: true } } : {});
      return fail(commandErrorText(command), changes);
    }
  }
}

function fail(error: string, changes?: HeartbeatOutcome['changes']): HeartbeatOutcome {
  return changes === undefined ? { action: 'fail', error } : { action: 'fail', error, changes };
}

/** The pending command by id, else the newest command of the same name (agents that give no ids). */
function findCommand(commands: readonly AgentCommandResult[], pending: PendingCommand): AgentCommandResult | undefined {
  if (pending.id !== '') {
    const byId = commands.find((c) => c.id === pending.id);
    if (byId !== undefined) return byId;
  }
  const shortName = pending.name.split('.').pop() ?? pending.name;
  return [...commands].reverse().find((c) => c.command_name === pending.name || c.command_name === shortName);
}
