import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../core/index.js';
import type { CommandResult, RunOptions } from '../../run-command.js';
import type { SystemPaths } from './system-paths.js';

/** Runs a program (agent/run-command.ts runCommand, or a fake). */
export type RunProgram = (program: string, args: readonly string[], options?: RunOptions) => Promise<CommandResult>;

/** The BMC's LAN addresses, as the inventory carries them. */
export interface BmcAddresses {
  bmc_address: string | null;
  bmc_mac: string | null;
}

const NONE: BmcAddresses = { bmc_address: null, bmc_mac: null };

/**
 * The BMC's IPv4 and MAC address from `ipmitool lan print` (IPA get_bmc_address). Only tried when the IPMI
 * device exists: without /dev/ipmi0 ipmitool waits for its timeout, which would delay every inventory.
 * `0.0.0.0` (IPA: "unset") counts as none.
 */
export async function readBmcAddress(
  paths: SystemPaths,
  run: RunProgram,
  log: Logger,
  signal?: AbortSignal,
): Promise<BmcAddresses> {
  try {
    await access(join(paths.dev, 'ipmi0'));
  } catch {
    return NONE;
  }
  try {
    const { stdout } = await run('ipmitool', ['lan', 'print'], signal === undefined ? {} : { signal });
    const ip = /^IP Address\s+:\s*(\S+)/m.exec(stdout)?.[1];
    const mac = /^MAC Address\s+:\s*(\S+)/m.exec(stdout)?.[1]?.toLowerCase();
    return { bmc_address: ip === undefined || ip === '0.0.0.0' ? null : ip, bmc_mac: mac ?? null };
  } catch (error) {
    log.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'cannot read the BMC address; inventory reports none',
    );
    return NONE;
  }
}
