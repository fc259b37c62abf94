import { InvalidParameterValue, isUuid } from '../../../core/index.js';
import type { NodeFilters } from '../../persistence/repository.js';
import { requireMinor } from '../microversion.js';
import { PAGE_PARAMS } from '../pagination.js';
import { checkQueryArgs, parseBoolean, queryString, type Query } from '../query-params.js';

/** String filters with the version that introduced each (node.py get_all). */
const STRING_FILTERS: ReadonlyArray<readonly [keyof NodeFilters, number]> = [
  ['provision_state', 9], ['driver', 16], ['resource_class', 21], ['fault', 42], ['conductor_group', 46],
  ['owner', 50], ['description_contains', 51], ['lessee', 65], ['project', 80], ['parent_node', 83],
];
const BOOLEAN_FILTERS: ReadonlyArray<readonly [keyof NodeFilters, number]> = [
  ['associated', 1], ['maintenance', 1], ['retired', 61], ['sharded', 82], ['include_children', 83],
];
const OTHER_PARAMS: ReadonlyArray<readonly [string, number]> = [
  ['chassis_uuid', 1], ['instance_uuid', 1], ['conductor', 49], ['shard', 82], ['fields', 8], ['detail', 43],
];

/** Every query parameter `GET /v1/nodes` knows. */
export const NODE_LIST_PARAMS: readonly string[] = [
  ...STRING_FILTERS.map(([n]) => n), ...BOOLEAN_FILTERS.map(([n]) => n), ...OTHER_PARAMS.map(([n]) => n), ...PAGE_PARAMS,
];

function uuidParam(query: Query, name: string): string | undefined {
  const value = queryString(query, name);
  if (value !== undefined && !isUuid(value)) throw new InvalidParameterValue(`Expected UUID for ${name}: ${value}`);
  return value?.toLowerCase();
}

/** The `conductor` filter; a name other than ours matches nothing (single hash-ring member). */
export interface NodeListQuery {
  filters: NodeFilters;
  conductor?: string | undefined;
}

/** Parses and version-checks the node list filters; unknown parameters -> 400, newer ones -> 406. */
export function parseNodeListQuery(query: Query, apiMinor: number, allowed: readonly string[] = NODE_LIST_PARAMS): NodeListQuery {
  checkQueryArgs(query, allowed);
  for (const [name, min] of [...STRING_FILTERS, ...BOOLEAN_FILTERS, ...OTHER_PARAMS]) {
    if (query[name] !== undefined) requireMinor(apiMinor, min);
  }
  const filters: Record<string, unknown> = {};
  for (const [name] of STRING_FILTERS) {
    const value = queryString(query, name);
    if (value !== undefined) filters[name] = value;
  }
  for (const [name] of BOOLEAN_FILTERS) {
    const value = queryString(query, name);
    if (value !== undefined) filters[name] = parseBoolean(name, value);
  }
  filters['chassis_uuid'] = uuidParam(query, 'chassis_uuid');
  filters['instance_uuid'] = uuidParam(query, 'instance_uuid');
  const shard = queryString(query, 'shard');
  if (shard !== undefined) filters['shard'] = shard.split(',').map((s) => s.trim()).filter((s) => s !== '');
  // Since 1.83 child nodes are hidden unless asked for (or their parent is named).
  if (apiMinor >= 83 && filters['include_children'] === undefined && filters['parent_node'] === undefined) {
    filters['include_children'] = false;
  }
  return { filters: filters, conductor: queryString(query, 'conductor') };
}
