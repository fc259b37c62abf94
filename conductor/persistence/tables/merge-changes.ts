/** Fields no update may change: identity and creation time (the version is the store's to bump). */
const IMMUTABLE = new Set(['uuid', 'created_at', 'version', 'id']);

/**
 * The record after `changes`: undefined values and immutable fields are ignored, `updated_at` is set to
 * `nowIso`. Every store merges through here so an update means the same everywhere.
 */
export function mergeChanges<T extends { updated_at: string | null }>(
  current: T,
  changes: Partial<T>,
  nowIso: string,
): T {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined && !IMMUTABLE.has(key)) merged[key] = value;
  }
  merged['updated_at'] = nowIso;
  return merged as T;
}

/** Whether `changes` sets `field` (a present, defined value). */
export function changesField<T>(changes: Partial<T>, field: keyof T & string): boolean {
  return Object.prototype.hasOwnProperty.call(changes, field) && changes[field] !== undefined;
}
