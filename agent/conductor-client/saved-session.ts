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

const CERT = 'agent-cert.pem';
const KEY = 'agent-key.pem';

/**
 * The TLS identity this boot's earlier agent process used. The conductor pinned that certificate at the first
 * heartbeat and refuses another one for the same ramdisk session, so a restarted agent must present the same.
 */
export function readSavedCertificate(stateDir: string): { certPem: string; keyPem: string } | undefined {
  if (stateDir === '') return undefined;
  try {
    const certPem = readFileSync(join(stateDir, CERT), 'utf8');
    const keyPem = readFileSync(join(stateDir, KEY), 'utf8');
    return certPem.includes('BEGIN CERTIFICATE') && keyPem.includes('PRIVATE KEY') ? { certPem, keyPem } : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the certificate and its key for a restart within the same boot, readable by root only. */
export function saveCertificate(stateDir: string, identity: { certPem: string; keyPem: string }): void {
  if (stateDir === '') return;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  for (const [file, text] of [[CERT, identity.certPem], [KEY, identity.keyPem]] as const) {
    writeFileSync(join(stateDir, file), text, { mode: 0o600 });
    chmodSync(join(stateDir, file), 0o600);
  }
}
