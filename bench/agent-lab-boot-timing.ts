// Boot-to-heartbeat timing of one lab VM from what the host saw: the serial console lines with the host time each was
// read (test/support/serial-tail.ts), the BMC's power-on in the lab's chassis.log, and the conductor's request log.
// Every mark is a host time, so steps measured in the guest (kernel stamps, FERRO-RAMDISK uptimes) and in the
// conductor line up on one clock; the guest's own clocks serve only to estimate when the kernel started (uptime 0).
import type { ConsoleLine } from '../test/support/serial-tail.js';

/** One point of a boot, in host milliseconds (Date.now()). */
export interface BootMark {
  name: string;
  atMs: number;
}

/** One step between two consecutive marks, named after what happened in it. */
export interface BootStep {
  name: string;
  seconds: number;
}

/** A boot's figures; undefined where the mark it needs was not seen. */
export interface BootTiming {
  powerOnToKernelS: number | undefined;
  kernelToHeartbeatS: number;
  powerOnToHeartbeatS: number | undefined;
  /**
   * Guest seconds per host second from FERRO-AGENT started to heartbeat ok (their `t=` against the host times):
   * TCG guests calibrate their TSC against emulated timers, and on a loaded host their clock can run fast or slow,
   * which is why every figure here is taken on the host clock.
   */
  guestClockRate: number | undefined;
  steps: BootStep[];
}

/** What the host saw outside the console. */
export interface HostEvents {
  /** `set power 1` in the BMC's chassis.log. */
  bmcPowerOnAtMs: number | undefined;
  /** The conductor received the agent's first lookup (`GET /v1/lookup`). */
  lookupReceivedAtMs: number | undefined;
}

/** Console marks in boot order, each with the name of the step that ends at it. */
const CONSOLE_MARKS: ReadonlyArray<readonly [mark: string, pattern: RegExp, step: string]> = [
  ['kernel first line', /Linux version/, 'firmware, iPXE, DHCP, kernel + initramfs download'],
  ['initramfs unpacked', /Freeing initrd memory/, 'kernel start, initramfs unpack (zstd)'],
  ['run /init', /Run \/init/, 'kernel: rest of init'],
  ['FERRO-RAMDISK init', /FERRO-RAMDISK init /, 'init: mounts, console'],
  ['modules loaded', /FERRO-RAMDISK modules /, 'modules (coldplug)'],
  ['network ok', /FERRO-RAMDISK network ok/, 'DHCP (udhcpc)'],
  ['agent launched', /FERRO-RAMDISK agent started/, 'init: supervisor starts node'],
  ['FERRO-AGENT started', /FERRO-AGENT started/, 'node start, agent bundle loaded'],
];
/** Agent log lines (pino JSON on the console); the last of a kind ends the step. */
const AGENT_LOG_MARKS: ReadonlyArray<readonly [mark: string, pattern: RegExp, step: string]> = [
  [
    'hardware managers evaluated',
    /"msg":"hardware manager evaluated"/,
    'agent: hardware managers evaluated (lsblk for the lab flash chip)',
  ],
  ['command API listening', /"msg":"command API listening"/, 'agent: TLS certificate, command API (https)'],
];
const LOOKUP_OK = /FERRO-AGENT lookup ok/;
const HEARTBEAT_OK = /FERRO-AGENT heartbeat ok/;

const first = (lines: readonly ConsoleLine[], pattern: RegExp): ConsoleLine | undefined =>
  lines.find((l) => pattern.test(l.text));
const seconds = (fromMs: number, toMs: number): number => (toMs - fromMs) / 1000;

const lastMatch = (lines: readonly ConsoleLine[], pattern: RegExp): ConsoleLine | undefined =>
  lines.findLast((l) => pattern.test(l.text));
const markerEpochS = (line: ConsoleLine | undefined): number | undefined => {
  const t = line === undefined ? undefined : / t=(\d+\.\d+)/.exec(line.text)?.[1];
  return t === undefined ? undefined : Number(t);
};

/** See BootTiming.guestClockRate; undefined unless both markers carry `t=` over at least a second. */
export function guestClockRate(lines: readonly ConsoleLine[]): number | undefined {
  const started = first(lines, /FERRO-AGENT started/);
  const heartbeat = first(lines, HEARTBEAT_OK);
  const [guestFrom, guestTo] = [markerEpochS(started), markerEpochS(heartbeat)];
  if (started === undefined || heartbeat === undefined || guestFrom === undefined || guestTo === undefined)
    return undefined;
  const hostS = seconds(started.atMs, heartbeat.atMs);
  return hostS >= 1 ? (guestTo - guestFrom) / hostS : undefined;
}

/** The marks seen, in boot order (an absent mark merges its step into the next one). */
export function bootMarks(allLines: readonly ConsoleLine[], events: HostEvents): Array<BootMark & { step: string }> {
  // Up to the first heartbeat: a later agent process (a restart) logs the same lines again.
  const upTo = allLines.findIndex((l) => HEARTBEAT_OK.test(l.text));
  const lines = upTo < 0 ? allLines : allLines.slice(0, upTo + 1);
  const marks: Array<BootMark & { step: string }> = [];
  if (events.bmcPowerOnAtMs !== undefined) marks.push({ name: 'BMC power on', atMs: events.bmcPowerOnAtMs, step: '' });
  for (const [name, pattern, step] of CONSOLE_MARKS) {
    const line = first(lines, pattern);
    if (line !== undefined) marks.push({ name, atMs: line.atMs, step });
  }
  for (const [name, pattern, step] of AGENT_LOG_MARKS) {
    const line = lastMatch(lines, pattern);
    if (line !== undefined) marks.push({ name, atMs: line.atMs, step });
  }
  if (events.lookupReceivedAtMs !== undefined)
    marks.push({
      name: 'lookup at conductor',
      atMs: events.lookupReceivedAtMs,
      step: 'agent: inventory, first HTTP client (undici)',
    });
  const lookup = first(lines, LOOKUP_OK);
  if (lookup !== undefined) marks.push({ name: 'FERRO-AGENT lookup ok', atMs: lookup.atMs, step: 'lookup answered' });
  const heartbeat = first(lines, HEARTBEAT_OK);
  if (heartbeat !== undefined)
    marks.push({ name: 'FERRO-AGENT heartbeat ok', atMs: heartbeat.atMs, step: 'first heartbeat accepted' });
  return marks;
}

/** The figures of one boot; throws when the console never showed the kernel's first line or the heartbeat. */
export function bootTiming(lines: readonly ConsoleLine[], events: HostEvents): BootTiming {
  const kernel = first(lines, CONSOLE_MARKS[0]?.[1] ?? /Linux version/);
  const heartbeat = first(lines, HEARTBEAT_OK);
  if (kernel === undefined || heartbeat === undefined)
    throw new Error(
      `boot incomplete on the console: ${kernel === undefined ? 'no "Linux version" line' : 'no FERRO-AGENT heartbeat ok'}`,
    );
  const marks = bootMarks(lines, events);
  const steps: BootStep[] = [];
  for (let i = 1; i < marks.length; i += 1) {
    const [from, to] = [marks[i - 1], marks[i]];
    if (from !== undefined && to !== undefined) steps.push({ name: to.step, seconds: seconds(from.atMs, to.atMs) });
  }
  const power = events.bmcPowerOnAtMs;
  return {
    powerOnToKernelS: power === undefined ? undefined : seconds(power, kernel.atMs),
    kernelToHeartbeatS: seconds(kernel.atMs, heartbeat.atMs),
    powerOnToHeartbeatS: power === undefined ? undefined : seconds(power, heartbeat.atMs),
    guestClockRate: guestClockRate(lines),
    steps,
  };
}

/** The first `set power 1` in a lab chassis.log (`YYYY-MM-DD HH:MM:SS.mmm op args`, host local time) at or after `sinceMs`. */
export function chassisPowerOnAtMs(chassisLog: string, sinceMs: number): number | undefined {
  for (const line of chassisLog.split('\n')) {
    const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) set power 1\b/.exec(line);
    if (match === null) continue;
    const atMs = new Date(`${match[1] ?? ''}T${match[2] ?? ''}`).getTime();
    if (atMs >= sinceMs) return atMs;
  }
  return undefined;
}

/**
 * When the conductor received the first request for which `matches(method, url)` holds (URL decoded) at or after
 * `sinceMs`, from its pino `request completed` lines (`time`: when the answer went out; `ms`: how long it took).
 */
export function requestReceivedAtMs(
  conductorLog: string,
  matches: (method: string, url: string) => boolean,
  sinceMs: number,
): number | undefined {
  for (const line of conductorLog.split('\n')) {
    if (!line.includes('"request completed"')) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry !== 'object' || entry === null) continue;
    const { time, ms, method, url } = entry as Record<string, unknown>;
    if (typeof time !== 'number' || typeof ms !== 'number' || typeof method !== 'string' || typeof url !== 'string')
      continue;
    const atMs = time - ms;
    if (atMs >= sinceMs && matches(method, safeDecode(url))) return atMs;
  }
  return undefined;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** Smallest and median of `values` (median of an even count: the mean of the middle two). */
export function bestAndMedian(values: readonly number[]): { best: number; median: number } | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { best: sorted[0] ?? 0, median };
}
