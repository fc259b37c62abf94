export * from './repository.js';
export { createInMemoryStore } from './in-memory/create-in-memory-store.js';
export type { InMemoryStoreOptions } from './in-memory/create-in-memory-store.js';
export { openStore } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export type { SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
export type { PostgresStoreOptions } from './postgres/open-postgres-store.js';
export { createStoreBootData } from './store-boot-data.js';
export type { BootDataUrls } from './store-boot-data.js';
