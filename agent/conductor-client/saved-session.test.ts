import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSavedToken, saveToken } from './saved-session.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const aDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'ferro-token-')); dirs.push(d); return d; };

describe('saved agent token', () => {
  it('comes back after a restart, readable by its owner only', () => {
    const dir = join(aDir(), 'run');
    saveToken(dir, 'A'.repeat(43));
    expect(readSavedToken(dir)).toBe('A'.repeat(43));
    expect(statSync(join(dir, 'agent-token')).mode & 0o777).toBe(0o600);
  });

  it('is empty when none was saved, saving is off, or the file holds something else', () => {
    const dir = aDir();
    expect(readSavedToken(dir)).toBe('');
    expect(readSavedToken('')).toBe('');
    saveToken('', 'B'.repeat(43));
    writeFileSync(join(dir, 'agent-token'), 'not a token; rm -rf /');
    expect(readSavedToken(dir)).toBe('');
  });
});

describe('saved agent certificate', () => {
  it('comes back after a restart with both parts, and not when either is missing', async () => {
    const { readSavedCertificate, saveCertificate } = await import('./saved-session.js');
    const dir = aDir();
    expect(readSavedCertificate(dir)).toBeUndefined();
    const identity = { certPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', keyPem: '-----BEGIN PRIVATE KEY-----\ny\n-----END PRIVATE KEY-----\n' };
    saveCertificate(dir, identity);
    expect(readSavedCertificate(dir)).toEqual(identity);
    expect(statSync(join(dir, 'agent-key.pem')).mode & 0o777).toBe(0o600);
    rmSync(join(dir, 'agent-key.pem'));
    expect(readSavedCertificate(dir)).toBeUndefined();
  });
});
