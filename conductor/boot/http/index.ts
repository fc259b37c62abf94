export { startHttpBootServer } from './http-boot-server.js';
export type { HttpBootServer, HttpBootServerOptions } from './http-boot-server.js';
