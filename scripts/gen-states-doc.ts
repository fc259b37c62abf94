import { writeFileSync } from 'node:fs';
import { renderStatesDoc } from './states-doc.js';

// Writes docs/states.md from core's TRANSITIONS table (run by `npm run docs:gen`).
const target = new URL('../docs/states.md', import.meta.url);
writeFileSync(target, renderStatesDoc());
console.log(`wrote ${target.pathname}`);
