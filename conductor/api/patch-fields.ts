import { InvalidParameterValue } from '../../core/index.js';
import { decodePointer, type PatchOperation } from './json-patch.js';
import { requireMinor } from './microversion.js';

/**
 * 400 "Cannot patch /x. Only the following can be updated: ..." for paths outside `allowed`
 * (api_utils.patch_validate_allowed_fields), and 406 for fields newer than the request.
 */
export function checkPatchFields(
  ops: readonly PatchOperation[], allowed: readonly string[], versions: ReadonlyMap<string, number>, apiMinor: number,
): void {
  for (const op of ops) {
    const field = decodePointer(op.path)[0] ?? '';
    if (!allowed.includes(field)) {
      throw new InvalidParameterValue(`Cannot patch ${op.path}. Only the following can be updated: ${[...allowed].sort().join(', ')}`);
    }
    requireMinor(apiMinor, versions.get(field) ?? 1);
  }
}

/** The patched values of `allowed` fields that differ from `before` (removed fields become `defaults`). */
export function changedFields(
  before: Record<string, unknown>, patched: Record<string, unknown>, allowed: readonly string[], defaults: Record<string, unknown>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of allowed) {
    const value = Object.hasOwn(patched, field) ? patched[field] : defaults[field] ?? null;
    if (JSON.stringify(value) !== JSON.stringify(before[field])) changes[field] = value;
  }
  return changes;
}
