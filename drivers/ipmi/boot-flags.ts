import type { Logger } from '../../core/index.js';
import {
  SetInProgress,
  disableBootTimeoutRequest,
  getBootFlagsRequest,
  parseBootFlags,
  setBootFlagsRequest,
  setInProgressRequest,
  type BootFlags,
} from './boot-options.js';
import type { BmcTarget, IpmiCommandRunner } from './ipmi-client.js';
import { runCommand } from './run-command.js';

/** How to write boot flags on this BMC. */
export interface WriteBootFlagsOptions {
  /** Bracket the write with Set In Progress; only meaningful within one session (the native client). */
  setInProgress: boolean;
  /** Ask the BMC not to clear the flags after 60 s (Ironic's ipmi_disable_boot_timeout). */
  disableBootTimeout: boolean;
  log: Logger;
}

/** Set In Progress is optional (§28.12): "parameter not supported" and OpenIPMI's "invalid data field". */
const NO_SET_IN_PROGRESS: ReadonlySet<number> = new Set([0x80, 0xcc]);
/** "Attempt to set 'set in progress' when not in 'set complete' state": an earlier writer gave up midway. */
const ALREADY_IN_PROGRESS = 0x81;

/** Reads boot flags (parameter 5). */
export async function readBootFlags(
  runner: IpmiCommandRunner,
  target: BmcTarget,
  signal: AbortSignal,
): Promise<BootFlags> {
  return parseBootFlags(await runCommand(runner, target, getBootFlagsRequest(), signal));
}

/** Writes boot flags (§28.12), with set-in-progress handling and the boot timeout turned off when asked. */
export async function writeBootFlags(
  runner: IpmiCommandRunner,
  target: BmcTarget,
  flags: Omit<BootFlags, 'valid'>,
  options: WriteBootFlagsOptions,
  signal: AbortSignal,
): Promise<void> {
  const bracketed = options.setInProgress && (await beginSetInProgress(runner, target, options.log, signal));
  try {
    if (options.disableBootTimeout) {
      const response = await runner.execute(target, disableBootTimeoutRequest(), signal);
      if (response.completionCode !== 0)
        options.log.debug({ completionCode: response.completionCode }, 'BMC keeps its boot flag timeout');
    }
    await runCommand(runner, target, setBootFlagsRequest(flags), signal);
  } finally {
    if (bracketed && !signal.aborted) {
      await runner.execute(target, setInProgressRequest(SetInProgress.Complete), signal).catch((error: unknown) => {
        options.log.warn({ err: String(error) }, 'could not mark boot options set complete');
      });
    }
  }
}

async function beginSetInProgress(
  runner: IpmiCommandRunner,
  target: BmcTarget,
  log: Logger,
  signal: AbortSignal,
): Promise<boolean> {
  const first = await runner.execute(target, setInProgressRequest(SetInProgress.InProgress), signal);
  if (first.completionCode === 0) return true;
  if (NO_SET_IN_PROGRESS.has(first.completionCode)) return false;
  if (first.completionCode === ALREADY_IN_PROGRESS) {
    log.warn({}, 'boot options were left "set in progress"; resetting them to "set complete"');
    await runner.execute(target, setInProgressRequest(SetInProgress.Complete), signal);
    const second = await runner.execute(target, setInProgressRequest(SetInProgress.InProgress), signal);
    return second.completionCode === 0;
  }
  return false; // any other refusal: write without the bracket, as ipmitool does
}
