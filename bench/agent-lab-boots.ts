// One timed provision move of a lab VM together with the timing of the ramdisk boot it causes: the serial console of
// the next power on is tailed while the move runs, then read against the BMC's chassis.log and the conductor's log.
import { readFileSync } from 'node:fs';
import type { LabProcess } from '../test/support/lab-process.js';
import type { Lab } from '../test/support/lab.js';
import { labMac } from '../test/support/pxe-lab.js';
import { tailNextSerialLog } from '../test/support/serial-tail.js';
import { bootTiming, chassisPowerOnAtMs, requestReceivedAtMs, type BootTiming } from './agent-lab-boot-timing.js';
import { vmFiles, type BenchVm } from './agent-lab-fleet.js';

/** A move's duration and the ramdisk boot inside it (undefined, with `bootProblem`, when the console lacked marks). */
export interface TimedBoot {
  vm: string;
  moveS: number;
  boot: BootTiming | undefined;
  bootProblem?: string;
}

/**
 * Runs `move` (a provision move that boots the deploy ramdisk and resolves with its seconds) while tailing `vm`'s
 * next serial log; then times the boot from the console lines, the first `set power 1` and the conductor's first
 * lookup for the VM's MAC since the move started.
 */
export async function timedBoot(
  lab: Lab,
  conductor: LabProcess,
  vm: BenchVm,
  move: () => Promise<number>,
): Promise<TimedBoot> {
  const files = vmFiles(lab, vm);
  const tail = tailNextSerialLog(files.serialLog);
  const sinceMs = Date.now();
  try {
    const moveS = await move();
    // The state is reached after the heartbeat; one more poll makes sure the tail has read that far.
    await new Promise((r) => setTimeout(r, 100));
    const mac = labMac(vm.index);
    const events = {
      bmcPowerOnAtMs: chassisPowerOnAtMs(readFileSync(files.chassisLog, 'utf8'), sinceMs),
      lookupReceivedAtMs: requestReceivedAtMs(
        conductor.output(),
        (method, url) => method === 'GET' && url.startsWith('/v1/lookup') && url.includes(mac),
        sinceMs,
      ),
    };
    try {
      return { vm: vm.name, moveS, boot: bootTiming(tail.lines(), events) };
    } catch (error) {
      return {
        vm: vm.name,
        moveS,
        boot: undefined,
        bootProblem: error instanceof Error ? error.message : String(error),
      };
    }
  } finally {
    tail.stop();
  }
}
