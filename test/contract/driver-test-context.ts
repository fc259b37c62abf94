import { silentLogger, type BootDevice, type NodeRecord, type NodeRef, type PowerTarget } from '../../core/index.js';
import type { NodeChanges, RamdiskPurpose, StepContext } from '../../drivers/interfaces/index.js';

/** What a recording step context saw a driver ask for, in order. */
export interface RecordedCalls {
  powerCalls: PowerTarget[];
  bootDeviceCalls: Array<{ device: BootDevice; persistent: boolean }>;
  ramdiskCalls: Array<{ action: 'prepare' | 'cleanUp'; purpose: RamdiskPurpose }>;
  instanceCalls: number;
  saved: NodeChanges[];
  /** Purposes the driver asked to reuse the running agent for (fast-track). */
  reuseCalls: RamdiskPurpose[];
}

/** How the conductor side of a test context answers. */
export interface TestContextOptions {
  /** What reuseRunningAgent and canKeepAgent answer (fast-track); false by default, as with fast-track off. */
  fastTrack?: boolean;
}

/**
 * A driver context for contract suites: silent log, a signal that never aborts unless given one, and conductor
 * services that succeed and record nothing. `node()` is only available from testStepContext.
 */
export function testContext(signal: AbortSignal = new AbortController().signal): StepContext {
  const noNode = (): never => { throw new Error('testContext has no node: use testStepContext(node)'); };
  return recordingContext(noNode, signal).ctx;
}

/** A step context that records every service call (power targets, boot devices, ramdisk, saves). */
export function testStepContext(node: NodeRecord, signal?: AbortSignal, options: TestContextOptions = {}): StepContext & RecordedCalls {
  const { ctx, calls } = recordingContext(() => node, signal ?? new AbortController().signal, options);
  return Object.assign(ctx, calls);
}

function recordingContext(node: () => NodeRecord, signal: AbortSignal, options: TestContextOptions = {}): { ctx: StepContext; calls: RecordedCalls } {
  const calls: RecordedCalls = { powerCalls: [], bootDeviceCalls: [], ramdiskCalls: [], instanceCalls: 0, saved: [], reuseCalls: [] };
  const fastTrack = options.fastTrack ?? false;
  const ctx: StepContext = {
    log: silentLogger,
    signal,
    node,
    setPower: (target) => { calls.powerCalls.push(target); return Promise.resolve(); },
    setBootDevice: (device, persistent) => { calls.bootDeviceCalls.push({ device, persistent }); return Promise.resolve(); },
    prepareRamdisk: (purpose) => { calls.ramdiskCalls.push({ action: 'prepare', purpose }); return Promise.resolve(); },
    cleanUpRamdisk: (purpose) => { calls.ramdiskCalls.push({ action: 'cleanUp', purpose }); return Promise.resolve(); },
    prepareInstance: () => { calls.instanceCalls += 1; return Promise.resolve(); },
    save: (changes) => { calls.saved.push(changes); return Promise.resolve(); },
    reuseRunningAgent: (purpose) => { calls.reuseCalls.push(purpose); return Promise.resolve(fastTrack); },
    canKeepAgent: () => Promise.resolve(fastTrack),
  };
  return { ctx, calls };
}

/** The NodeRef part of a record. */
export function refOf(node: NodeRecord): NodeRef {
  const { uuid, name, driver, driver_info, driver_internal_info, properties, instance_info } = node;
  return { uuid, name, driver, driver_info, driver_internal_info, properties, instance_info };
}
