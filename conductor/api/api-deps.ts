import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock, JsonObject } from '../../core/index.js';
import type { Store } from '../persistence/repository.js';
import type { AgentEndpoints } from '../workers/agent-endpoints.js';
import type { NodeActions } from '../workers/node-actions.js';

/** The API's slice of the conductor configuration. */
export interface ApiConfig {
  /** `noauth` (binding to a safe address is the caller's concern) or `http_basic` with an htpasswd file. */
  authStrategy: 'noauth' | 'http_basic';
  /** Apache htpasswd file with bcrypt entries; required for `http_basic`. */
  htpasswdPath?: string | undefined;
  /** Largest page a collection returns ([api]max_limit, 1000). */
  maxLimit: number;
  /** Show stacks of unexpected errors in `debuginfo`. */
  debug: boolean;
  /** Base URL for links and Location headers (e.g. `https://ironic.example:6385`); else from the Host header. */
  publicUrl?: string | undefined;
  /** Largest accepted request body; larger ones get 413. */
  maxBodyBytes: number;
}

/** Read-only data gathered by inspection and BMC polling, served by node sub-resources. */
export interface NodeDataReaders {
  /** Inventory and plugin data stored by inspection (1.81); undefined when none. */
  inventory?(nodeUuid: string): Promise<{ inventory: JsonObject; plugin_data: JsonObject } | undefined>;
  /** Cached BIOS settings (1.40), each `{name, value, ...registry fields}`. */
  bios?(nodeUuid: string): Promise<JsonObject[]>;
  /** Cached firmware components (1.86). */
  firmware?(nodeUuid: string): Promise<JsonObject[]>;
}

/** Everything `buildApi` needs; nothing else is reached for. */
export interface ApiDeps {
  store: Store;
  actions: NodeActions;
  /** Root pino logger; each request gets a child bound to its request id. */
  log: Logger;
  /** This conductor's hostname (node `conductor` field, driver `hosts`). */
  hostname: string;
  config: ApiConfig;
  /** prom-client registry the API registers its metrics in and serves at /metrics. */
  metrics: Registry;
  /** Defaults to the system clock (conductor liveness). */
  clock?: Clock | undefined;
  readers?: NodeDataReaders | undefined;
  /** The agent's lookup/heartbeat/continue_inspection and stored ramdisk logs (issue #5); absent: 404. */
  agent?: AgentEndpoints | undefined;
}
