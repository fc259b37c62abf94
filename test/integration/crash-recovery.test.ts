// Issue #2: SIGKILL of the conductor mid-deploy and mid-clean leaves, after restart, every node in a
// stable or failure state with last_error, and no committed write is lost.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { api, waitForNode } from '../support/api-client.js';
import { startConductor, type ConductorProcess } from '../support/conductor-process.js';

type Node = { uuid: string; name: string; provision_state: string; target_provision_state: string | null; last_error: string | null; reservation: string | null };
const STABLE_OR_FAILED = new Set(['enroll', 'manageable', 'available', 'active', 'error', 'rescue', 'deploy failed', 'clean failed', 'inspect failed']);
const slowFake = { FERRO_FAKE_DEPLOY_DELAY_MS: '60000', FERRO_FAKE_CLEAN_DELAY_MS: '60000', FERRO_FAKE_INSPECT_DELAY_MS: '60000' };

describe('conductor killed with SIGKILL', () => {
  const started: ConductorProcess[] = [];
  afterEach(async () => {
    const dirs = new Set<string>();
    for (const c of started.splice(0)) {
      await c.kill();
      dirs.add(c.dataDir);
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('fails stuck nodes with a reason on restart and keeps every committed write', async () => {
    const first = await startConductor({ env: slowFake });
    started.push(first);
    const url = first.url;
    const committed: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await api<Node>(url, 'POST', '/v1/nodes', { driver: 'fake-hardware', name: `crash-${i}` });
      expect(res.status).toBe(201);
      committed.push(res.body.uuid);
    }
    const [deployNode, cleanNode, inspectNode] = committed as [string, string, string];
    await api(url, 'PATCH', `/v1/nodes/${deployNode}`, [{ op: 'replace', path: '/automated_clean', value: false }]);
    for (const uuid of [deployNode, cleanNode, inspectNode]) {
      expect((await api(url, 'PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'manage' })).status).toBe(202);
      await waitForNode<Node>(url, uuid, (n) => n.provision_state === 'manageable');
    }
    await api(url, 'PUT', `/v1/nodes/${deployNode}/states/provision`, { target: 'provide' });
    await waitForNode<Node>(url, deployNode, (n) => n.provision_state === 'available');
    expect((await api(url, 'PUT', `/v1/nodes/${deployNode}/states/provision`, { target: 'active' })).status).toBe(202);
    expect((await api(url, 'PUT', `/v1/nodes/${cleanNode}/states/provision`, { target: 'provide' })).status).toBe(202);
    expect((await api(url, 'PUT', `/v1/nodes/${inspectNode}/states/provision`, { target: 'inspect' })).status).toBe(202);
    await waitForNode<Node>(url, deployNode, (n) => n.provision_state === 'deploying');
    await waitForNode<Node>(url, cleanNode, (n) => n.provision_state === 'cleaning');
    await waitForNode<Node>(url, inspectNode, (n) => n.provision_state === 'inspecting');

    expect(await first.kill()).toBe('SIGKILL');

    const second = await startConductor({ dataDir: first.dataDir, port: first.port });
    started.push(second);
    const list = await api<{ nodes: Node[] }>(second.url, 'GET', '/v1/nodes?detail=True&limit=1000');
    expect(list.status).toBe(200);
    expect(list.body.nodes.map((n) => n.uuid).sort()).toEqual([...committed].sort());
    for (const node of list.body.nodes) {
      expect(STABLE_OR_FAILED.has(node.provision_state), `${node.name} is ${node.provision_state}`).toBe(true);
      expect(node.target_provision_state).toBeNull();
      expect(node.reservation).toBeNull();
    }
    const byUuid = new Map(list.body.nodes.map((n) => [n.uuid, n]));
    expect(byUuid.get(deployNode)).toMatchObject({ provision_state: 'deploy failed' });
    expect(byUuid.get(cleanNode)).toMatchObject({ provision_state: 'clean failed' });
    expect(byUuid.get(inspectNode)).toMatchObject({ provision_state: 'inspect failed' });
    for (const uuid of [deployNode, cleanNode, inspectNode]) expect(byUuid.get(uuid)?.last_error).toMatch(/can't be resumed by conductor/);

    // The failed nodes are usable again: a re-deploy succeeds once the conductor is healthy.
    await second.stop();
    const third = await startConductor({ dataDir: first.dataDir, port: first.port });
    started.push(third);
    expect((await api(third.url, 'PUT', `/v1/nodes/${deployNode}/states/provision`, { target: 'active' })).status).toBe(202);
    await waitForNode<Node>(third.url, deployNode, (n) => n.provision_state === 'active', 30_000);
  }, 120_000);
});
