import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'agent-token';

/**
 * The token this boot's agent received, read back after the agent process restarted (the ramdisk's supervisor
 * restarts it when it dies). Lookup hands a token out once per ramdisk session; without this, a restarted
 * agent could never heartbeat again and the node would wait for the callback timeout. The directory is a
 * tmpfs (/run), so a reboot forgets it, as it must. Empty when there is none or `stateDir` is empty.
 */
export function readSavedToken(stateDir: string): string {
  if (stateDir === '') return '';
  try {
    const token = readFileSync(join(stateDir, FILE), 'utf8').trim();
    return /^[A-Za-z0-9_-]{16,256}$/.test(token) ? token : '';
  } catch {
    return '';
  }
}

/** Keeps `token` for a restart of this agent within the same boot, readable by root only. */
export function saveToken(stateDir: string, token: string): void {
  if (stateDir === '') return;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, FILE);
  writeFileSync(path, token, { mode: 0o600 });
  chmodSync(path, 0o600);
}
