import { blockDeviceError } from './disk-errors.js';

/** One row of `lsblk --json` for the columns LSBLK_COLUMNS asks for, validated. */
export interface LsblkDevice {
  kname: string;
  type: string;
  size: number;
  rota: boolean;
  ro: boolean;
  model: string | null;
  vendor: string | null;
  serial: string | null;
  wwn: string | null;
  hctl: string | null;
  tran: string | null;
  logSec: number | null;
  phySec: number | null;
  majMin: string | null;
  uuid: string | null;
  partuuid: string | null;
}

/**
 * IPA's LSBLK_COLUMNS plus what Ferro reads without udev (RO, HCTL, VENDOR, MAJ:MIN). util-linux 2.38
 * (Debian 12) prints sizes and flags as JSON numbers/booleans with -b; older ones print strings, so both parse.
 */
export const LSBLK_COLUMNS = [
  'KNAME',
  'TYPE',
  'SIZE',
  'ROTA',
  'RO',
  'MODEL',
  'VENDOR',
  'SERIAL',
  'WWN',
  'HCTL',
  'TRAN',
  'LOG-SEC',
  'PHY-SEC',
  'MAJ:MIN',
  'UUID',
  'PARTUUID',
];

/** `lsblk` arguments: bytes, all devices (even empty), no children (-d: whole devices only), JSON. */
export const LSBLK_ARGS = ['--json', '--bytes', '--all', '--nodeps', '--output', LSBLK_COLUMNS.join(',')];

/** Parses `lsblk --json` output; throws BlockDeviceError when it is not what the columns promise. */
export function parseLsblkReport(stdout: string): LsblkDevice[] {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch (error) {
    throw blockDeviceError(`Unable to decode lsblk output, invalid JSON: ${(error as Error).message}`);
  }
  const rows = isObject(report) ? report['blockdevices'] : undefined;
  if (!Array.isArray(rows)) throw blockDeviceError('lsblk output has no "blockdevices" list');
  return rows.map((row: unknown) => parseRow(row));
}

function parseRow(row: unknown): LsblkDevice {
  if (!isObject(row) || typeof row['kname'] !== 'string' || row['kname'] === '') {
    throw blockDeviceError(`lsblk returned a device without KNAME: ${JSON.stringify(row)}`);
  }
  return {
    kname: row['kname'],
    type: text(row['type']) ?? '',
    size: num(row['size']) ?? 0,
    rota: flag(row['rota']),
    ro: flag(row['ro']),
    model: text(row['model']),
    vendor: text(row['vendor']),
    serial: text(row['serial']),
    wwn: text(row['wwn']),
    hctl: text(row['hctl']),
    tran: text(row['tran']),
    logSec: num(row['log-sec']),
    phySec: num(row['phy-sec']),
    majMin: text(row['maj:min']),
    uuid: text(row['uuid']),
    partuuid: text(row['partuuid']),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trimmed non-empty string, else null (lsblk pads SCSI model and vendor with spaces). */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
