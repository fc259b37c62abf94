import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isJsonObject, stringAt, type JsonObject } from './json-object.js';
import type { MockupEntry } from './mockup.js';
import { normalizePath } from './odata-path.js';

/**
 * Reads a folder of flat fixtures (sushy, sushy-oem-idrac, proliantutils, bmclib): one response per `*.json`
 * file, addressed by its `@odata.id`. Subfolders are not read, because bmclib keeps other vendors' fixtures there.
 * When several files claim one URI (sushy's `system.json` and `systemv1_20.json`), the shortest file name wins:
 * the plain name is the base sample, the longer ones are variants.
 */
export function loadFlatMockup(directory: string, notes: string[]): Map<string, MockupEntry> {
  const files = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  const resources = new Map<string, MockupEntry>();
  for (const name of files) {
    const file = join(directory, name);
    const bodies = readResponses(file, notes);
    if (bodies === undefined) continue;
    if (bodies.length === 0)
      notes.push(`skipped ${name}: no @odata.id (an error body or a request body, not a resource)`);
    for (const body of bodies) addResource(resources, body, file, notes);
  }
  return resources;
}

function addResource(resources: Map<string, MockupEntry>, body: JsonObject, file: string, notes: string[]): void {
  const uri = normalizePath(stripOrigin(stringAt(body, '@odata.id') ?? ''));
  const kept = resources.get(uri);
  if (kept === undefined) resources.set(uri, { kind: 'json', body, source: file });
  else if (kept.source !== file)
    notes.push(`skipped ${basename(file)} for ${uri}: already served from ${basename(kept.source)}`);
}

/**
 * Parses one fixture into the resources it holds. proliantutils files hold several named variants
 * (`{"default": {...}, "vmedia_inserted": {...}}`), sometimes of different URIs: the `default` variant comes
 * first, then the others in file order, and the first body per URI wins.
 */
function readResponses(file: string, notes: string[]): JsonObject[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    notes.push(`skipped ${basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (!isJsonObject(parsed)) {
    notes.push(`skipped ${basename(file)}: not a JSON object`);
    return undefined;
  }
  if (stringAt(parsed, '@odata.id') !== undefined) return [parsed];
  const variants = Object.entries(parsed).sort(
    ([a], [b]) => Number(!/^default$/i.test(a)) - Number(!/^default$/i.test(b)),
  );
  return variants.flatMap(([, variant]) =>
    isJsonObject(variant) && stringAt(variant, '@odata.id') !== undefined ? [variant] : [],
  );
}

/** `https://bmc/redfish/v1/Systems/1` -> `/redfish/v1/Systems/1` (some captures carry absolute ids). */
function stripOrigin(id: string): string {
  return id.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
}
