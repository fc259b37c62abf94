import { describe, expect, it } from 'vitest';
import { newNode, silentLogger } from '../../core/index.js';
import { createInMemoryStore } from '../persistence/index.js';
import type { ClusterView } from './conductor-registration.js';
import { cleanUpHistory } from './history-cleanup.js';

const mine = (uuids: Set<string>): ClusterView => ({ isMine: (n: { uuid: string }) => uuids.has(n.uuid) }) as unknown as ClusterView;

describe('cleanUpHistory', () => {
  it('keeps the newest events of the nodes this conductor owns and leaves the others alone', async () => {
    const store = createInMemoryStore();
    const a = await store.nodes.create(newNode({ uuid: '00000000-0000-0000-0000-00000000000a', driver: 'fake-hardware', provision_state: 'enroll', created_at: '2026-01-01T00:00:00+00:00' }));
    const b = await store.nodes.create(newNode({ uuid: '00000000-0000-0000-0000-00000000000b', driver: 'fake-hardware', provision_state: 'enroll', created_at: '2026-01-01T00:00:00+00:00' }));
    for (const node of [a, b]) {
      for (let i = 0; i < 5; i++) {
        await store.history.add({ uuid: `${node.uuid.slice(0, -2)}${i}${node.uuid.slice(-1)}`, node_uuid: node.uuid, created_at: `2026-01-01T00:00:0${i}+00:00`, severity: 'INFO', event_type: 'provisioning', event: `e${i}`, conductor: 'c1', user: null });
      }
    }
    const removed = await cleanUpHistory({ store, log: silentLogger }, mine(new Set([a.uuid])), 2, new AbortController().signal);
    expect(removed).toBe(3);
    const page = { limit: 100, sortKey: 'created_at', sortDir: 'asc' as const };
    expect((await store.history.list(a.uuid, page)).map((e) => e.event)).toEqual(['e3', 'e4']);
    expect(await store.history.list(b.uuid, page)).toHaveLength(5);
  });
});
