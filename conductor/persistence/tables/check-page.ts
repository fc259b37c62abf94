import { InvalidParameterValue } from '../../../core/index.js';
import type { Page } from '../repository.js';

/** Refuses a page every store would otherwise treat differently (unknown sort key, negative limit). */
export function checkPage(page: Page, sortKeys: readonly string[]): void {
  if (!sortKeys.includes(page.sortKey)) {
    throw new InvalidParameterValue(`The sort_key value "${page.sortKey}" is an invalid field for sorting`);
  }
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) {
    throw new InvalidParameterValue(`Limit must be a non-negative integer, got ${page.limit}`);
  }
}

/** The error for a marker that names no row. */
export function markerNotFound(marker: string): InvalidParameterValue {
  return new InvalidParameterValue(`Marker ${marker} could not be found.`);
}
