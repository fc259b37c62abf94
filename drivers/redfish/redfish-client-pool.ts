import { createHash } from 'node:crypto';
import type { NodeRef } from '../../core/index.js';
import { RedfishClient } from './redfish-client.js';
import { parseRedfishDriverInfo, type RedfishDriverInfo } from './redfish-driver-info.js';
import type { ResolvedRedfishOptions } from './redfish-options.js';

/** Ironic caches up to 1000 clients (`[redfish]connection_cache_size`); the oldest is closed beyond that. */
const MAX_CLIENTS = 1000;

/**
 * One RedfishClient per BMC and credentials, shared by every interface of every node on that BMC, so a
 * session is reused instead of created per call (Ironic caches sushy clients the same way). Changing a node's
 * password or CA setting yields a new client; the key holds a hash of the password, never the password.
 */
export class RedfishClientPool {
  private readonly clients = new Map<string, RedfishClient>();
  private readonly closing: Promise<void>[] = [];

  constructor(private readonly options: ResolvedRedfishOptions) {}

  /** The client for a node's BMC; throws MissingParameterValue / InvalidParameterValue for bad driver_info. */
  clientFor(node: NodeRef): { client: RedfishClient; info: RedfishDriverInfo } {
    const info = parseRedfishDriverInfo(node);
    const key = JSON.stringify([
      info.origin, info.username ?? null, hashOf(info.password), info.verifyCa, info.authType, info.requestTimeoutMs ?? null,
    ]);
    let client = this.clients.get(key);
    if (client) {
      this.clients.delete(key); // re-insert: Map order is our least-recently-used order
    } else {
      client = new RedfishClient(info, this.options);
      this.evictOldest();
    }
    this.clients.set(key, client);
    return { client, info };
  }

  /** Logs out of every session and closes every connection. */
  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all([...clients.map((c) => c.close()), ...this.closing.splice(0)]);
  }

  private evictOldest(): void {
    if (this.clients.size < MAX_CLIENTS) return;
    const [oldestKey, oldest] = this.clients.entries().next().value ?? [];
    if (oldestKey === undefined || oldest === undefined) return;
    this.clients.delete(oldestKey);
    this.closing.push(oldest.close());
  }
}

function hashOf(secret: string | undefined): string | null {
  return secret === undefined ? null : createHash('sha256').update(secret).digest('hex');
}
