import type { NodeRef } from '../../core/index.js';
import type { AgentEndpoint } from './agent-endpoint.js';
import type { AgentDriverDeps } from './agent-settings.js';

/** Whether logs are wanted for a run that `failed` or not ([agent]deploy_logs_collect). */
export function wantsLogs(deps: AgentDriverDeps, failed: boolean): boolean {
  const mode = deps.settings.logsCollect;
  return mode === 'always' || (failed && mode === 'on_failure');
}

/**
 * Fetches the ramdisk's logs (`log.collect_system_logs`: a base64 tar.gz of journal, dmesg, IPA's log …) and
 * hands them to the log sink under `label` (Ironic's collect_ramdisk_logs). Never throws: missing logs must
 * not fail a deploy, so problems are logged as warnings.
 */
export async function collectAgentLogs(deps: AgentDriverDeps, endpoint: AgentEndpoint, node: Pick<NodeRef, 'uuid'>, label: string, ctx: { log: { warn(o: object, m: string): void; info(o: object, m: string): void }; signal: AbortSignal }): Promise<void> {
  if (deps.logs === undefined) return;
  try {
    const result = await deps.client.command(endpoint, 'log.collect_system_logs', {}, { wait: true, signal: ctx.signal });
    const encoded = result.command_result?.['system_logs'];
    if (result.command_status !== 'SUCCEEDED' || typeof encoded !== 'string' || encoded === '') {
      ctx.log.warn({ label, status: result.command_status }, 'the agent returned no system logs');
      return;
    }
    const data = Buffer.from(encoded, 'base64');
    if (data.length > deps.settings.logsMaxBytes) {
      ctx.log.warn({ label, sizeBytes: data.length, maxBytes: deps.settings.logsMaxBytes }, 'ramdisk logs exceed agent.deployLogsMaxBytes; not stored');
      return;
    }
    await deps.logs.store(node, label, data);
    ctx.log.info({ label, sizeBytes: data.length }, 'ramdisk logs stored');
  } catch (error) {
    ctx.log.warn({ label, err: error }, 'could not collect ramdisk logs');
  }
}
