import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

// STYLE §5: every stable error code is explained to operators in docs/errors.md (the fastify habit).
const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const documented = new Set([...doc.matchAll(/^\| `([A-Za-z]+)` \| (\d{3}) \|/gm)].map((m) => m[1]));

describe('docs/errors.md', () => {
  it('has a table row for every code in ERROR_CODES', () => {
    const missing = ERROR_CODES.filter((code) => !documented.has(code));
    expect(missing, 'add a row "| `Code` | status | meaning | what to do |" to docs/errors.md').toEqual([]);
  });
});
