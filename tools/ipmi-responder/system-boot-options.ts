import type { SimulatedBmc } from './simulated-bmc.js';

/** A command's completion code and response data. */
export type CommandResult = readonly [completionCode: number, data: Buffer];

const NONE = Buffer.alloc(0);
/** §28.12/§28.13: 0x80 parameter not supported; 0x81 set in progress while not complete; generic 0xC7, 0xCC. */
const NOT_SUPPORTED = 0x80;
const ALREADY_IN_PROGRESS = 0x81;
const LENGTH_INVALID = 0xc7;
const INVALID_FIELD = 0xcc;
/** Data bytes of the parameters we keep (Table 28-14): set in progress, valid bit clearing, info ack, flags. */
const PARAMETER_LENGTHS: ReadonlyMap<number, number> = new Map([
  [0, 1],
  [3, 1],
  [4, 2],
  [5, 5],
]);

/** Set System Boot Options (§28.12): parameters 0, 3, 4 and 5; the rest answer "parameter not supported". */
export function setSystemBootOptions(bmc: SimulatedBmc, data: Buffer): CommandResult {
  if (data.length < 1) return [LENGTH_INVALID, NONE];
  const parameter = (data[0] ?? 0) & 0x7f;
  const length = PARAMETER_LENGTHS.get(parameter);
  if (length === undefined) return [NOT_SUPPORTED, NONE];
  if (data.length < 1 + length) return [LENGTH_INVALID, NONE];
  const value = data.subarray(1, 1 + length);
  switch (parameter) {
    case 0:
      return setInProgress(bmc, (value[0] ?? 0) & 0x03);
    case 3:
      bmc.validBitClearing = value[0] ?? 0;
      return [0, NONE];
    case 4: {
      // Boot info acknowledge: data 1 is a write mask for data 2.
      const mask = value[0] ?? 0;
      const current = bmc.bootInfoAcknowledge[1] ?? 0;
      bmc.bootInfoAcknowledge[1] = (current & ~mask) | ((value[1] ?? 0) & mask);
      return [0, NONE];
    }
    default:
      bmc.bootFlags = Buffer.from(value);
      return [0, NONE];
  }
}

function setInProgress(bmc: SimulatedBmc, state: number): CommandResult {
  if (state === 3) return [INVALID_FIELD, NONE]; // reserved
  if (state === 1 && bmc.setInProgress === 1) return [ALREADY_IN_PROGRESS, NONE];
  bmc.setInProgress = state === 1 ? 1 : 0; // "commit write" (2) completes at once: writes apply immediately
  return [0, NONE];
}

/** Get System Boot Options (§28.13): parameter version 1, the parameter (valid, unlocked), its data. */
export function getSystemBootOptions(bmc: SimulatedBmc, data: Buffer): CommandResult {
  if (data.length < 3) return [LENGTH_INVALID, NONE];
  const parameter = (data[0] ?? 0) & 0x7f;
  const value = parameterValue(bmc, parameter);
  if (!value) return [NOT_SUPPORTED, NONE];
  return [0, Buffer.concat([Buffer.from([0x01, parameter]), value])];
}

function parameterValue(bmc: SimulatedBmc, parameter: number): Buffer | undefined {
  switch (parameter) {
    case 0:
      return Buffer.from([bmc.setInProgress]);
    case 3:
      return Buffer.from([bmc.validBitClearing]);
    case 4:
      return Buffer.from(bmc.bootInfoAcknowledge);
    case 5:
      return Buffer.from(bmc.bootFlags);
    default:
      return undefined;
  }
}

/**
 * A boot happened (power up, reset, cycle): the BIOS uses a valid "next boot only" override and clears its
 * valid bit (data 1 bit 7); persistent overrides (bit 6) stay (Table 28-14, boot flags).
 */
export function consumeOneTimeBootFlags(bmc: SimulatedBmc): void {
  const data1 = bmc.bootFlags[0] ?? 0;
  if ((data1 & 0x80) !== 0 && (data1 & 0x40) === 0) bmc.bootFlags[0] = data1 & 0x7f;
}
