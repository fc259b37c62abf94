import type { RedfishEmulator } from '../start-redfish-emulator.js';

/** A response as tests look at it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body, or undefined for an empty body. */
  readonly json: unknown;
}

/** The value at a property path inside a parsed body (`at(body, 'Boot', 'BootSourceOverrideEnabled')`). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Basic credentials of the default emulator account. */
export const BASIC = `Basic ${Buffer.from('admin:password').toString('base64')}`;

/** Sends one request to an emulator with plain fetch (Basic auth unless `headers` says otherwise). */
export async function redfishFetch(
  emulator: Pick<RedfishEmulator, 'url'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { Authorization: BASIC },
): Promise<TestResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json', ...headers };
  }
  const response = await fetch(`${emulator.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

/** Polls `check` until it returns true or `timeoutMs` passes (bounded; no endless loops in tests). */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
