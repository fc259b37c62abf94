import { pool } from './http-load.js';

const HEADERS = { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': '1.78' };

async function call(url: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const init: RequestInit = { method, headers: HEADERS };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${url}${path}`, init);
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function moveAndWait(url: string, uuid: string, target: string, expected: string, pollMs: number): Promise<void> {
  await call(url, 'PUT', `/v1/nodes/${uuid}/states/provision`, { target });
  const deadline = Date.now() + 300_000;
  for (;;) {
    const node = await call(url, 'GET', `/v1/nodes/${uuid}?fields=provision_state,last_error`);
    if (node.provision_state === expected) return;
    if (typeof node.provision_state === 'string' && /failed|error/.test(node.provision_state)) throw new Error(`${uuid}: ${String(node.last_error)}`);
    if (Date.now() > deadline) throw new Error(`${uuid} stuck in ${String(node.provision_state)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Creates `count` fake nodes. Returns their UUIDs and the seconds it took. */
export async function enrollNodes(url: string, count: number, concurrency: number, prefix: string): Promise<{ uuids: string[]; seconds: number }> {
  const uuids: string[] = [];
  const t0 = performance.now();
  await pool(Array.from({ length: count }, (_, i) => i), concurrency, async (i) => {
    const node = await call(url, 'POST', '/v1/nodes', { driver: 'fake-hardware', name: `${prefix}-${i}` });
    uuids.push(String(node.uuid));
  });
  return { uuids, seconds: (performance.now() - t0) / 1000 };
}

/** Drives every node enroll -> manageable -> available -> active; returns seconds per phase. */
export async function driveToActive(url: string, uuids: readonly string[], concurrency: number, pollMs: number): Promise<Record<string, number>> {
  const phases: Record<string, number> = {};
  for (const [target, expected] of [['manage', 'manageable'], ['provide', 'available'], ['active', 'active']] as const) {
    const t0 = performance.now();
    await pool(uuids, concurrency, (uuid) => moveAndWait(url, uuid, target, expected, pollMs));
    phases[target] = (performance.now() - t0) / 1000;
  }
  return phases;
}
