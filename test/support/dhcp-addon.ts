import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { addonCandidates } from '../../conductor/boot/dhcp/open-device-socket.js';

/** Builds the DHCP interface-binding addon when it is missing (scripts/build-dhcp-native.ts); no download. */
export function ensureDhcpAddon(): void {
  if (addonCandidates().some((p) => existsSync(p))) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-dhcp-native.ts'], { stdio: 'pipe' });
}

/** argv that runs a TypeScript file with tsx under the current Node. */
export function tsxArgs(file: string): string[] {
  return ['--import', 'tsx', file];
}
