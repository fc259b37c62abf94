import { readFile } from 'node:fs/promises';

/**
 * Parses an Apache htpasswd file: `user:hash` lines, `#` comments. Only bcrypt hashes ($2y$, $2b$,
 * $2a$) are kept, as in ironic-lib's auth_basic; other schemes can never match.
 */
export function parseHtpasswd(text: string): Map<string, string> {
  const users = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const hash = line.slice(colon + 1);
    if (/^\$2[aby]\$\d\d\$/.test(hash)) users.set(line.slice(0, colon), hash.replace(/^\$2y\$/, '$2b$'));
  }
  return users;
}

/** Reads and parses the htpasswd file once, at start-up. */
export async function loadHtpasswd(path: string): Promise<Map<string, string>> {
  return parseHtpasswd(await readFile(path, 'utf8'));
}
