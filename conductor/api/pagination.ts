import { InvalidParameterValue, isUuid } from '../../core/index.js';
import type { Page } from '../persistence/repository.js';
import { queryString, type Query } from './query-params.js';

/** Collection query parameters every list endpoint accepts. */
export const PAGE_PARAMS = ['limit', 'marker', 'sort_key', 'sort_dir'] as const;

/** `limit`: absent -> max; not an integer or <= 0 -> 400; above max -> capped (ironic v1/utils.py). */
export function parseLimit(value: string | undefined, maxLimit: number): number {
  if (value === undefined) return maxLimit;
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new InvalidParameterValue(`Expected an integer for limit: ${value}`);
  const limit = Number(value);
  if (limit <= 0) throw new InvalidParameterValue('Limit must be positive');
  return Math.min(limit, maxLimit);
}

/** What a collection may be sorted by. */
export interface SortRules {
  sortable: readonly string[];
  /** Fields that exist but cannot be sorted (JSON columns): they get Ironic's first message. */
  unsortable?: readonly string[];
}

/** `sort_key` / `sort_dir` with Ironic's messages. */
export function parseSort(query: Query, rules: SortRules): Pick<Page, 'sortKey' | 'sortDir'> {
  const sortKey = queryString(query, 'sort_key') ?? 'id';
  const sortDir = queryString(query, 'sort_dir') ?? 'asc';
  if (sortDir !== 'asc' && sortDir !== 'desc') {
    throw new InvalidParameterValue(`Invalid sort direction: ${sortDir}. Acceptable values are 'asc' or 'desc'`);
  }
  if (rules.unsortable?.includes(sortKey)) {
    throw new InvalidParameterValue(`The sort_key value ${sortKey} is an invalid field for sorting`);
  }
  if (!rules.sortable.includes(sortKey)) {
    throw new InvalidParameterValue(`The sort_key value "${sortKey}" is an invalid field for sorting`);
  }
  return { sortKey, sortDir };
}

/** A UUID marker (most collections). */
export function parseUuidMarker(query: Query): string | undefined {
  const marker = queryString(query, 'marker');
  if (marker !== undefined && !isUuid(marker)) throw new InvalidParameterValue(`Expected UUID for marker: ${marker}`);
  return marker?.toLowerCase();
}

/** limit + sort + UUID marker in one go. */
export function parsePage(query: Query, maxLimit: number, rules: SortRules): Page {
  return { limit: parseLimit(queryString(query, 'limit'), maxLimit), marker: parseUuidMarker(query), ...parseSort(query, rules) };
}

/**
 * The `next` link (ironic v1/collection.py): present only when the page is full. It repeats the
 * request's other parameters, then `limit` and `marker`.
 */
export function nextLink(
  baseUrl: string, resourcePath: string, query: Query, limit: number, count: number, lastMarker: string | undefined,
): string | undefined {
  if (count === 0 || count !== limit || lastMarker === undefined) return undefined;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'limit' || key === 'marker' || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  params.append('limit', String(limit));
  params.append('marker', lastMarker);
  return `${baseUrl}/v1/${resourcePath}?${params.toString()}`;
}

/** `{"<key>": items, "next"?: url}`. */
export function collectionBody<T>(key: string, items: T[], next: string | undefined): Record<string, T[] | string> {
  return next === undefined ? { [key]: items } : { [key]: items, next };
}
