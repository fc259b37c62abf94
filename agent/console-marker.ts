import { appendFileSync } from 'node:fs';

/**
 * Prints a boot-timing marker (`FERRO-AGENT started`, `… lookup ok node=…`, `… heartbeat ok`) on stdout and on
 * the console device, where the lab's serial log sees it even when stdout goes elsewhere. Writing the console
 * is best effort: it may not exist (containers, tests).
 */
export function createConsoleMarker(
  consolePath: string,
  stdout: (line: string) => void,
  now: () => number = Date.now,
): (text: string) => void {
  return (text) => {
    const line = `${text} t=${(now() / 1000).toFixed(3)}\n`;
    stdout(line);
    if (consolePath === '') return;
    try {
      appendFileSync(consolePath, line);
    } catch {
      // no console device here; stdout has the marker
    }
  };
}
