// Enrollment for the power-sync benchmark: one `ipmi` node per simulated BMC through the Ironic API, then
// `manage` (which verifies each node by reading its power state over IPMI), in bounded concurrency.
import { pool } from './http-load.js';

const HEADERS = { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': '1.78' };

/** Sends one API request and parses the JSON answer; throws on HTTP errors. */
export async function apiCall<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: HEADERS,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Creates one `ipmi` node per BMC (cipher suite 3, as the ipmitool comparison uses); uuids[i] is BMC i's. */
export async function enrollIpmiNodes(
  url: string,
  bmcs: number,
  firstPort: number,
  concurrency: number,
): Promise<{ uuids: string[]; seconds: number }> {
  const uuids: string[] = new Array<string>(bmcs).fill('');
  const started = performance.now();
  await pool(
    Array.from({ length: bmcs }, (_, i) => i),
    concurrency,
    async (i) => {
      const node = await apiCall<{ uuid: string }>(url, 'POST', '/v1/nodes', {
        name: `psync-${i}`,
        driver: 'ipmi',
        driver_info: {
          ipmi_address: '127.0.0.1',
          ipmi_port: firstPort + i,
          ipmi_username: 'admin',
          ipmi_password: 'password',
          ipmi_cipher_suite: 3,
        },
      });
      uuids[i] = node.uuid;
    },
  );
  return { uuids, seconds: (performance.now() - started) / 1000 };
}

/** How many nodes match `query` (a GET /v1/nodes filter), paging 1000 at a time. */
export async function countNodes(url: string, query: string): Promise<number> {
  let total = 0;
  let marker = '';
  for (let page = 0; page < 1_000; page += 1) {
    const path = `/v1/nodes?${query}&fields=uuid&limit=1000${marker ? `&marker=${marker}` : ''}`;
    const { nodes } = await apiCall<{ nodes: Array<{ uuid: string }> }>(url, 'GET', path);
    total += nodes.length;
    if (nodes.length < 1000) return total;
    marker = nodes[nodes.length - 1]?.uuid ?? '';
  }
  throw new Error(`more than a million nodes match ${query}`);
}

/**
 * `manage` for every node (enroll -> verifying -> manageable, which reads each BMC's power state), at most
 * `concurrency` verifications at once: each worker waits until its node left `verifying` (at most
 * `timeoutS`) before taking the next. Returns the seconds it took and the first verification error seen.
 */
export async function manageAll(
  url: string,
  uuids: readonly string[],
  concurrency: number,
  timeoutS: number,
): Promise<{ seconds: number; failed: number; firstError: string }> {
  const started = performance.now();
  let failed = 0;
  let firstError = '';
  await pool(uuids, concurrency, async (uuid) => {
    await apiCall(url, 'PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'manage' });
    const deadline = Date.now() + timeoutS * 1000;
    for (;;) {
      const node = await apiCall<{ provision_state: string; last_error: string | null }>(
        url,
        'GET',
        `/v1/nodes/${uuid}?fields=provision_state,last_error`,
      );
      if (node.provision_state === 'manageable') return;
      if (node.provision_state !== 'verifying' || Date.now() > deadline) {
        failed += 1;
        firstError ||= `${uuid} ${node.provision_state}: ${node.last_error ?? ''}`;
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  return { seconds: (performance.now() - started) / 1000, failed, firstError };
}
