import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { addonCandidates } from '../../conductor/boot/dhcp/open-device-socket.js';

const SOURCE = 'conductor/boot/dhcp/native/bind-device.c';

/** Builds the DHCP interface-binding addon when it is missing or older than its source; no download. */
export function ensureDhcpAddon(): void {
  const built = addonCandidates().find((p) => existsSync(p));
  if (built !== undefined && statSync(built).mtimeMs >= statSync(SOURCE).mtimeMs) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-dhcp-native.ts'], { stdio: 'pipe' });
}

/** argv that runs a TypeScript file with tsx under the current Node. */
export function tsxArgs(file: string): string[] {
  return ['--import', 'tsx', file];
}
