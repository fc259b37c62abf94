export { buildApi } from './build-api.js';
export type { ApiConfig, ApiDeps, NodeDataReaders } from './api-deps.js';
export { MAX_API_MINOR, MIN_API_MINOR } from './microversion.js';
