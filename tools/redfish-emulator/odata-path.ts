/**
 * URI handling. Redfish Specification (DSP0266) §6.3: resource URIs are case-sensitive, and services may accept a
 * trailing slash; we always accept one (iLO links end with `/`), and store keys never carry it.
 */

/** The service root (DSP0266 §9.2.1); `/redfish` answers with the version document. */
export const SERVICE_ROOT = '/redfish/v1';

/** A request target or `@odata.id` reduced to a store key: no query, no fragment, no trailing slash, decoded. */
export function normalizePath(raw: string): string {
  let path = raw.split('?', 1)[0] ?? '';
  path = path.split('#', 1)[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw form: a malformed %-escape just will not match any resource
  }
  path = path.replace(/\/{2,}/g, '/');
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path.startsWith('/') ? path : `/${path}`;
}

/** The path one segment up (`/redfish/v1/Systems/1` -> `/redfish/v1/Systems`). */
export function parentPath(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

/** The last segment of a path (the resource `Id` in DMTF mockups). */
export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `prefix` or lies below it. */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
