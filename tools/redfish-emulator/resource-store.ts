import { computeEtag } from './etag.js';
import { isJsonObject, linksAt, type JsonObject } from './json-object.js';
import type { Mockup } from './mockup.js';
import { normalizePath } from './odata-path.js';

/** Options that change how the store answers lookups and tags. */
export interface ResourceStoreOptions {
  /** Match URIs regardless of case (iLO does; DSP0266 §6.3 says URIs are case-sensitive). */
  caseInsensitive: () => boolean;
  /** Hand out weak tags (`W/"…"`), as most BMCs do (redfish.md §2.3). */
  weakEtags: () => boolean;
}

/**
 * The emulator's resources: a private deep copy of a mockup, so every emulator instance has its own state.
 * Bodies change only through `put`/`update`, which recompute the ETag (and `@odata.etag` when the body has one).
 */
export interface ResourceStore {
  /** The stored key for a request path (case-insensitively when switched on), or undefined. */
  resolve(path: string): string | undefined;
  /** The live body at a stored key; change it only through `update`. */
  get(key: string): JsonObject | undefined;
  /** The CSDL text at a stored key (`$metadata`), if that key holds XML. */
  text(key: string): string | undefined;
  put(key: string, body: JsonObject): void;
  /** Changes a body in place and re-tags it; returns false when the key is absent. */
  update(key: string, change: (body: JsonObject) => void): boolean;
  remove(key: string): boolean;
  etag(key: string): string | undefined;
  keys(): string[];
  /** Adds a member link to a collection and fixes `Members@odata.count`. */
  addMember(collection: string, member: string): void;
  removeMember(collection: string, member: string): void;
}

/** Builds a store over a deep copy of `mockup`. */
export function createResourceStore(mockup: Mockup, options: ResourceStoreOptions): ResourceStore {
  const bodies = new Map<string, JsonObject>();
  const texts = new Map<string, string>();
  const etags = new Map<string, string>();
  const lowerCase = new Map<string, string>();
  const tag = (key: string, body: JsonObject): void => {
    const etag = computeEtag(body, options.weakEtags());
    if ('@odata.etag' in body) body['@odata.etag'] = etag;
    etags.set(key, etag);
  };
  const put = (key: string, body: JsonObject): void => {
    bodies.set(key, body);
    lowerCase.set(key.toLowerCase(), key);
    tag(key, body);
  };
  for (const [key, entry] of mockup.resources) {
    if (entry.kind === 'json') put(key, structuredClone(entry.body));
    else {
      texts.set(key, entry.text);
      lowerCase.set(key.toLowerCase(), key);
    }
  }
  const store: ResourceStore = {
    resolve(path) {
      const key = normalizePath(path);
      if (bodies.has(key) || texts.has(key)) return key;
      return options.caseInsensitive() ? lowerCase.get(key.toLowerCase()) : undefined;
    },
    get: (key) => bodies.get(key),
    text: (key) => texts.get(key),
    put,
    update(key, change) {
      const body = bodies.get(key);
      if (body === undefined) return false;
      change(body);
      tag(key, body);
      return true;
    },
    remove(key) {
      etags.delete(key);
      lowerCase.delete(key.toLowerCase());
      return bodies.delete(key);
    },
    etag(key) {
      const body = bodies.get(key);
      if (body === undefined) return undefined;
      // The weak/strong switch can flip at run time; re-tag lazily when it did.
      const current = etags.get(key);
      if (current === undefined || current.startsWith('W/') !== options.weakEtags()) tag(key, body);
      return etags.get(key);
    },
    keys: () => [...bodies.keys()],
    addMember(collection, member) {
      store.update(collection, (body) => setMembers(body, [...linksAt(body, 'Members'), member]));
    },
    removeMember(collection, member) {
      store.update(collection, (body) =>
        setMembers(
          body,
          linksAt(body, 'Members').filter((link) => normalizePath(link) !== normalizePath(member)),
        ),
      );
    },
  };
  return store;
}

function setMembers(body: JsonObject, members: string[]): void {
  body.Members = members.map((member) => ({ '@odata.id': member }));
  body['Members@odata.count'] = members.length;
}

/** True when the body is a resource collection (has a `Members` array). */
export function isCollection(body: JsonObject | undefined): boolean {
  return isJsonObject(body) && Array.isArray(body.Members);
}
