import type { SqlValue } from './table-spec.js';

/** A decoded record before the caller names its type (callers know it from the table spec). */
export type StoredRecord = Record<string, unknown> & { uuid: string };

/**
 * Turns stored `data` (JSON text, or an object when the driver already parsed it) back into a record and lays
 * the overlay columns over it. Throws when the stored value is not a JSON object with a uuid: that is a
 * corrupt row, not an expected failure.
 */
export function decodeRecord(data: unknown, overlay: Readonly<Record<string, SqlValue>>): StoredRecord {
  const parsed: unknown = typeof data === 'string' ? JSON.parse(data) : data;
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { uuid?: unknown }).uuid !== 'string') {
    throw new Error('Stored record is not a JSON object with a uuid; the database row is corrupt.');
  }
  const record = parsed as Record<string, unknown>;
  for (const [key, value] of Object.entries(overlay)) record[key] = value;
  return record as StoredRecord;
}
