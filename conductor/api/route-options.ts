import type { ApiDeps } from './api-deps.js';

/** Options every resource plugin is registered with. */
export interface RouteOptions {
  deps: ApiDeps;
}

/** OpenAPI description of a route (documentation only: bodies are checked by our own code). */
export function doc(tag: string, summary: string): { schema: { tags: string[]; summary: string } } {
  return { schema: { tags: [tag], summary } };
}
