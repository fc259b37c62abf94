import type { IncomingHttpHeaders } from 'node:http';
import { NotAcceptable, NotFound } from '../../core/index.js';

/** Oldest microversion served (Kilo's 1.1); requests without a version header get it. */
export const MIN_API_MINOR = 1;

/**
 * Newest microversion whose features are really implemented. Raise it only together with the
 * features of the versions in between (ironic.md §1.3); Metal3 needs at least 1.89.
 */
export const MAX_API_MINOR = 89;

/** `1.N` form of a minor number. */
export function versionString(minor: number): string {
  return `1.${minor}`;
}

/** Headers every response carries (ironic api/controllers/base.py). */
export const MIN_VERSION_HEADER = 'X-OpenStack-Ironic-API-Minimum-Version';
export const MAX_VERSION_HEADER = 'X-OpenStack-Ironic-API-Maximum-Version';
export const VERSION_HEADER = 'X-OpenStack-Ironic-API-Version';

const VERSION_RE = /^(\d+)\.(\d+)$/;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

/** The `baremetal` entry of `OpenStack-API-Version: baremetal 1.N[, other 2.3]`, if any. */
function fromOpenStackHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  for (const part of value.split(',')) {
    const [service, version, ...rest] = part.trim().split(/\s+/);
    if (service?.toLowerCase() === 'baremetal' && version !== undefined && rest.length === 0) return version;
  }
  return undefined;
}

/**
 * The requested minor version. The service-type header wins over the legacy one, as in
 * microversion_parse; no header means the minimum (1.1). Bad or out-of-range values -> 406.
 */
export function parseApiVersion(headers: IncomingHttpHeaders): number {
  const requested = fromOpenStackHeader(headerValue(headers, 'openstack-api-version'))
    ?? headerValue(headers, 'x-openstack-ironic-api-version');
  if (requested === undefined) return MIN_API_MINOR;
  const value = requested.trim();
  if (value.toLowerCase() === 'latest') return MAX_API_MINOR;
  const match = VERSION_RE.exec(value);
  if (!match) throw new NotAcceptable(`Invalid value for ${VERSION_HEADER} header`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major !== 1 || minor < MIN_API_MINOR || minor > MAX_API_MINOR) {
    throw new NotAcceptable(
      `Version ${value} was requested but the minor version is not supported by this service. ` +
        `The supported version range is: [${versionString(MIN_API_MINOR)}, ${versionString(MAX_API_MINOR)}].`,
    );
  }
  return minor;
}

/** 406 unless the request's version is at least 1.`min` (fields, filters and parameters newer than it). */
export function requireMinor(apiMinor: number, min: number): void {
  if (apiMinor < min) throw new NotAcceptable('Request not acceptable.');
}

/** 404 for a sub-resource newer than the request's version (Ironic hides them). */
export function requireResourceMinor(apiMinor: number, min: number): void {
  if (apiMinor < min) throw new NotFound('resource', '', 'The resource could not be found.');
}
