/** A minimal Ironic API client for tests: JSON in and out, a fixed microversion. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends one request to a Ferro (or Ironic) endpoint. */
export async function api<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, version = '1.89'): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'X-OpenStack-Ironic-API-Version': version, Accept: 'application/json' };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${baseUrl}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls `GET /v1/nodes/{id}` until `predicate` holds; returns the node. */
export async function waitForNode<T extends Record<string, unknown>>(baseUrl: string, ident: string, predicate: (node: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    const res = await api<T>(baseUrl, 'GET', `/v1/nodes/${ident}`);
    last = res.body;
    if (res.status === 200 && predicate(res.body)) return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`node ${ident} never reached the expected state; last seen ${JSON.stringify(last)}`);
}
