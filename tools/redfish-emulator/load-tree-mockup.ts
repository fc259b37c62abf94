import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject } from './json-object.js';
import type { MockupEntry } from './mockup.js';
import { SERVICE_ROOT } from './odata-path.js';

const MAX_DEPTH = 40;

/**
 * Reads a DMTF mockup tree (Redfish-Mockup-Server "short form", `-S`): the directory is `/redfish/v1`, every
 * subdirectory with an `index.json` is the resource at that URI, and `$metadata/index.xml` is the CSDL document.
 * The directory path, not the body's `@odata.id`, is the URI (public-tower has two swapped drive ids).
 */
export function loadTreeMockup(directory: string, notes: string[]): Map<string, MockupEntry> {
  const resources = new Map<string, MockupEntry>();
  const walk = (dir: string, uri: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      notes.push(`stopped below ${uri}: deeper than ${MAX_DEPTH} levels`);
      return;
    }
    const entries = readdirSync(dir, { withFileTypes: true });
    for (const entry of entries) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) walk(file, `${uri}/${entry.name}`, depth + 1);
      else if (entry.name === 'index.json') addJson(resources, uri, file, notes);
      else if (entry.name === 'index.xml')
        resources.set(uri, { kind: 'xml', text: readFileSync(file, 'utf8'), source: file });
    }
  };
  walk(directory, SERVICE_ROOT, 0);
  return resources;
}

function addJson(resources: Map<string, MockupEntry>, uri: string, file: string, notes: string[]): void {
  try {
    const body: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isJsonObject(body)) resources.set(uri, { kind: 'json', body, source: file });
    else notes.push(`skipped ${file}: not a JSON object`);
  } catch (error) {
    notes.push(`skipped ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
