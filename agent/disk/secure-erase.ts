import type { DiskDeps } from './disk-deps.js';
import { blockDeviceEraseError } from './disk-errors.js';

// Hardware erase as IPA does it (hardware.py _nvme_erase, _ata_erase). Each returns true when the device
// was erased, false when it does not support the method (the caller then overwrites with zeros), and throws
// BlockDeviceEraseError when the method is supported but failed (the caller falls back only if the
// conductor allows it: driver_internal_info.agent_continue_if_secure_erase_failed).

/** id-ctrl OACS bit 1: Format NVM supported; FNA bit 2: cryptographic erase supported (NVMe base spec). */
const NVME_FORMAT_SUPPORTED = 0b10;
const NVME_CRYPTO_ERASE_SUPPORTED = 0b100;

/** `nvme format -s2` (crypto erase) or `-s1` (user data erase), as the controller supports. */
export async function nvmeErase(device: string, deps: DiskDeps, signal: AbortSignal): Promise<boolean> {
  let info: unknown;
  try {
    info = JSON.parse((await deps.run('nvme', ['id-ctrl', device, '-o', 'json'], { signal })).stdout);
  } catch (error) {
    throw blockDeviceEraseError(`Failed to fetch NVMe capabilities for device ${device}: ${(error as Error).message}`);
  }
  const oacs = numberField(info, 'oacs');
  if ((oacs & NVME_FORMAT_SUPPORTED) === 0) return false;
  const ses = (numberField(info, 'fna') & NVME_CRYPTO_ERASE_SUPPORTED) !== 0 ? '2' : '1';
  try {
    // nvme-cli 2.x spells the confirmation flag --force (1.x, which IPA targets, had -f).
    await deps.run('nvme', ['format', device, '-s', ses, '--force'], { signal });
  } catch (error) {
    throw blockDeviceEraseError(`Failed to nvme format device ${device} (ses=${ses}): ${(error as Error).message}`);
  }
  return true;
}

function numberField(value: unknown, key: string): number {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'number' ? field : 0;
}

/** The lines of `hdparm -I`'s "Security:" section, tabs folded ("not\tfrozen" -> "not frozen"). */
export async function ataSecurityLines(device: string, deps: DiskDeps, signal: AbortSignal): Promise<string[]> {
  const { stdout, exitCode } = await deps.run('hdparm', ['-I', device], { signal, check: false });
  if (exitCode !== 0) return []; // not an ATA device (virtio, NVMe behind a bridge): no security feature set
  const [, after] = stdout.split('\nSecurity: \n');
  if (after === undefined) return [];
  const lines: string[] = [];
  for (const line of after.split('\n')) {
    if (!line.startsWith('\t')) break;
    lines.push(line.trim().replace(/\t/g, ' '));
  }
  return lines;
}

/**
 * ATA Security Erase through the drive's state machine (SEC1..SEC6): refuse frozen drives, unlock one left
 * locked by an earlier failed attempt, set the NULL user password, erase (enhanced when supported), and
 * check security is "not enabled" again.
 */
export async function ataErase(device: string, deps: DiskDeps, signal: AbortSignal): Promise<boolean> {
  let lines = await ataSecurityLines(device, deps, signal);
  if (!lines.includes('supported')) return false;
  if (!lines.includes('not frozen'))
    throw blockDeviceEraseError(`Block device ${device} is frozen and cannot be erased`);
  lines = await unlockDrive(device, lines, deps, signal);
  if (!lines.includes('not locked'))
    throw blockDeviceEraseError(`Block device ${device} already has a security password set`);
  if (lines.includes('not enabled')) {
    await hdparm(
      deps,
      signal,
      ['--user-master', 'u', '--security-set-pass', 'NULL', device],
      `Security password set failed for device ${device}`,
    );
  }
  const option = lines.includes('not supported: enhanced erase') ? '--security-erase' : '--security-erase-enhanced';
  try {
    await deps.run('hdparm', ['--user-master', 'u', option, 'NULL', device], { signal });
  } catch (error) {
    await unlockDrive(device, [], deps, signal); // leave the drive writable so the zero fallback can work
    throw blockDeviceEraseError(`Erase failed for device ${device}: ${(error as Error).message}`);
  }
  if (!(await ataSecurityLines(device, deps, signal)).includes('not enabled')) {
    throw blockDeviceEraseError(`An unknown error occurred erasing block device ${device}`);
  }
  return true;
}

/** Tries the passwords "NULL" and "" (hdparm < 9.51 sent "NULL" literally) until the drive is not locked. */
async function unlockDrive(device: string, known: string[], deps: DiskDeps, signal: AbortSignal): Promise<string[]> {
  let lines = known.length > 0 ? known : await ataSecurityLines(device, deps, signal);
  for (const password of ['NULL', '']) {
    if (lines.includes('not locked')) break;
    await deps.run('hdparm', ['--user-master', 'u', '--security-unlock', password, device], { signal, check: false });
    lines = await ataSecurityLines(device, deps, signal);
  }
  return lines;
}

async function hdparm(deps: DiskDeps, signal: AbortSignal, args: string[], failure: string): Promise<void> {
  try {
    await deps.run('hdparm', args, { signal });
  } catch (error) {
    throw blockDeviceEraseError(`${failure}: ${(error as Error).message}`);
  }
}
