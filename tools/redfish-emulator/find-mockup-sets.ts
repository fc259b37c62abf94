import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const MAX_DEPTH = 8;

/**
 * Candidate mockup directories below `root`: DMTF trees (a directory with `index.json`, not descended into) and
 * folders that directly hold `*.json` fixtures. Sorted, so test names stay stable.
 */
export function findMockupSets(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (existsSync(join(dir, 'index.json'))) {
      found.push(dir);
      return;
    }
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && entry.name.endsWith('.json'))) found.push(dir);
    for (const entry of entries) if (entry.isDirectory()) walk(join(dir, entry.name), depth + 1);
  };
  if (existsSync(root)) walk(root, 0);
  return found.sort();
}
