import { writeFileSync } from 'node:fs';
import { renderConfigDocs } from './config-docs.js';

// Writes docs/config.md from the conductor's config schema (run by `npm run docs:gen`).
const target = new URL('../docs/config.md', import.meta.url);
writeFileSync(target, renderConfigDocs());
console.log(`wrote ${target.pathname}`);
