import { appendFileSync, readFileSync } from 'node:fs';

/**
 * Prints a boot-timing marker (`FERRO-AGENT started`, `… lookup ok node=…`, `… heartbeat ok`) on stdout and on
 * the console device, where the lab's serial log sees it even when stdout goes elsewhere. Writing the console
 * is best effort: it may not exist (containers, tests).
 */
export function createConsoleMarker(
  consolePath: string,
  stdout: (line: string) => void,
  now: () => number = Date.now,
  uptime: () => string | undefined = machineUptime,
): (text: string) => void {
  return (text) => {
    // uptime= (seconds since the kernel started) lines the agent up with /init's FERRO-RAMDISK markers.
    const since = uptime();
    const line = `${text} t=${(now() / 1000).toFixed(3)}${since === undefined ? '' : ` uptime=${since}`}\n`;
    stdout(line);
    if (consolePath === '') return;
    try {
      appendFileSync(consolePath, line);
    } catch {
      // no console device here; stdout has the marker
    }
  };
}

/** Seconds since boot from /proc/uptime, as /init prints them; undefined where there is none. */
function machineUptime(): string | undefined {
  try {
    return readFileSync('/proc/uptime', 'utf8').split(' ')[0];
  } catch {
    return undefined;
  }
}
