import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureSessionService, ensureSettingsObjects, synthesizeCollections } from './complete-mockup.js';
import { loadFlatMockup } from './load-flat-mockup.js';
import { loadTreeMockup } from './load-tree-mockup.js';
import type { Mockup } from './mockup.js';

/**
 * Loads a mockup directory in either layout. A directory with `index.json` is a DMTF tree (also accepted one or
 * two levels up, as `redfish/v1/index.json`, the long form); any other directory is read as flat fixtures.
 */
export function loadMockup(directory: string): Mockup {
  const absolute = resolve(directory);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new Error(`mockup directory ${absolute} does not exist`);
  }
  const notes: string[] = [];
  const treeRoot = [absolute, join(absolute, 'v1'), join(absolute, 'redfish', 'v1')].find((dir) =>
    existsSync(join(dir, 'index.json')),
  );
  if (treeRoot !== undefined) {
    const resources = loadTreeMockup(treeRoot, notes);
    ensureSessionService(resources, notes);
    ensureSettingsObjects(resources, notes);
    return { directory: absolute, layout: 'tree', resources, notes };
  }
  const resources = loadFlatMockup(absolute, notes);
  synthesizeCollections(resources, notes);
  ensureSessionService(resources, notes);
  ensureSettingsObjects(resources, notes);
  return { directory: absolute, layout: 'flat', resources, notes };
}
