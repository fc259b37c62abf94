import { InvalidParameterValue } from '../../core/index.js';
import { requireMinor } from './microversion.js';
import { queryString, type Query } from './query-params.js';

/**
 * The `fields=a,b` parameter (1.8): every name must be a field of the resource (400 otherwise) and
 * visible at the request's version (406 otherwise). Undefined when absent.
 */
export function parseFieldsParam(
  query: Query, fieldMinVersions: ReadonlyMap<string, number>, apiMinor: number,
): ReadonlySet<string> | undefined {
  const raw = queryString(query, 'fields');
  if (raw === undefined) return undefined;
  requireMinor(apiMinor, 8);
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const invalid = names.filter((name) => !fieldMinVersions.has(name));
  if (invalid.length > 0) throw new InvalidParameterValue(`Field(s) "${invalid.join(', ')}" are not valid`);
  for (const name of names) requireMinor(apiMinor, fieldMinVersions.get(name) ?? 1);
  return new Set(names);
}
