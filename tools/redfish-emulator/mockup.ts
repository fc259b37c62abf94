import type { JsonObject } from './json-object.js';

/** One resource of a mockup: a JSON body, or the CSDL text of `$metadata`. */
export type MockupEntry =
  | { readonly kind: 'json'; readonly body: JsonObject; readonly source: string }
  | { readonly kind: 'xml'; readonly text: string; readonly source: string };

/**
 * A mockup read from disk, keyed by normalized URI. Two layouts exist (see shared/redfish-mockups/README.md):
 * DMTF trees (one directory per URI with `index.json`) and flat fixture folders (one response per file,
 * addressed by its `@odata.id`).
 */
export interface Mockup {
  readonly directory: string;
  readonly layout: 'tree' | 'flat';
  readonly resources: ReadonlyMap<string, MockupEntry>;
  /** What the loader had to decide or add (duplicates dropped, collections synthesized, skipped files). */
  readonly notes: readonly string[];
}
