import { describeCompletionCode } from './completion-codes.js';
import type { BmcTarget, IpmiCommandRunner } from './ipmi-client.js';
import { IpmiError } from './ipmi-error.js';
import type { IpmiRequest } from './ipmi-message.js';
import { commandName } from './ipmi-session.js';

/** Sends `request` and returns the response data; a non-zero completion code becomes a command IpmiError. */
export async function runCommand(
  runner: IpmiCommandRunner,
  target: BmcTarget,
  request: IpmiRequest,
  signal: AbortSignal,
): Promise<Buffer> {
  const response = await runner.execute(target, request, signal);
  if (response.completionCode === 0) return response.data;
  throw new IpmiError(
    'command',
    `BMC at ${labelOf(target)} refused ${commandName(request)}: completion code ${describeCompletionCode(response.completionCode, request.netFn, request.command)}`,
    { completionCode: response.completionCode },
  );
}

/** `host:port` (IPv6 in brackets), how messages name a BMC. */
export function labelOf(target: Pick<BmcTarget, 'host' | 'port'>): string {
  return target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}
