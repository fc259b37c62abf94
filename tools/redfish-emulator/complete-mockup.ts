import { isJsonObject, linkAt, objectAt, stringAt, type JsonObject, type JsonValue } from './json-object.js';
import type { MockupEntry } from './mockup.js';
import { lastSegment, normalizePath, parentPath, SERVICE_ROOT } from './odata-path.js';

/**
 * Flat fixture folders rarely hold every collection (sushy-oem-idrac has the System but no `Systems`
 * collection). A collection that some resource links to, and whose members are present, is rebuilt from them,
 * as a BMC would list them.
 */
export function synthesizeCollections(resources: Map<string, MockupEntry>, notes: string[]): void {
  const linked = collectionLinks(resources);
  const children = new Map<string, string[]>();
  for (const [path, entry] of resources) {
    const parent = parentPath(path);
    if (entry.kind !== 'json' || resources.has(parent) || !linked.has(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), path]);
  }
  for (const [collection, members] of children) {
    const types = new Set(members.map((member) => memberType(resources.get(member))));
    const [type] = types;
    // Members of one collection share a type (DSP0266 §6.4 "Resource collections"); mixed children mean the
    // missing parent was a plain resource (iLO's `bios` with `iscsi` and `baseconfigs` below it).
    if (types.size !== 1 || type === undefined || type.endsWith('Collection')) continue;
    members.sort();
    const body: JsonObject = {
      '@odata.id': collection,
      '@odata.type': `#${type}Collection.${type}Collection`,
      Name: `${type} Collection`,
      'Members@odata.count': members.length,
      Members: members.map((member) => ({ '@odata.id': member })),
    };
    resources.set(collection, { kind: 'json', body, source: '(synthesized)' });
    notes.push(`synthesized ${collection} from ${members.length} member(s)`);
  }
}

function memberType(entry: MockupEntry | undefined): string | undefined {
  return entry?.kind === 'json' ? typeName(entry.body) : undefined;
}

/**
 * URIs linked by a navigation property named like their last segment (`"Systems": {"@odata.id":
 * "/redfish/v1/Systems"}`): the way a resource points at a collection it owns.
 */
function collectionLinks(resources: ReadonlyMap<string, MockupEntry>): Set<string> {
  const found = new Set<string>();
  const visit = (value: JsonValue): void => {
    if (Array.isArray(value)) value.forEach(visit);
    if (!isJsonObject(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      const link = isJsonObject(inner) ? inner['@odata.id'] : undefined;
      if (typeof link === 'string' && lastSegment(normalizePath(link)).toLowerCase() === key.toLowerCase()) {
        found.add(normalizePath(link));
      }
      visit(inner);
    }
  };
  for (const entry of resources.values()) if (entry.kind === 'json') visit(entry.body);
  return found;
}

/**
 * A resource whose `@Redfish.Settings.SettingsObject` names a URI the fixtures lack (bmclib's iDRAC Bios) gets an
 * empty settings object of its own type there, so PATCHes have somewhere to go (DSP0266 §9.9).
 */
export function ensureSettingsObjects(resources: Map<string, MockupEntry>, notes: string[]): void {
  for (const entry of [...resources.values()]) {
    if (entry.kind !== 'json') continue;
    const link = linkAt(objectAt(entry.body, '@Redfish.Settings'), 'SettingsObject');
    if (link === undefined) continue;
    const path = normalizePath(link);
    if ([...resources.keys()].some((key) => key.toLowerCase() === path.toLowerCase())) continue;
    const body: JsonObject = { '@odata.id': path, Id: lastSegment(path), Name: 'Pending settings' };
    const type = stringAt(entry.body, '@odata.type');
    if (type !== undefined) body['@odata.type'] = type;
    if (objectAt(entry.body, 'Attributes') !== undefined) body.Attributes = {};
    resources.set(path, { kind: 'json', body, source: '(synthesized)' });
    notes.push(`synthesized settings object ${path}`);
  }
}

/**
 * Every Redfish service has a SessionService (DSP0266 §13.3.4, "Redfish session login authentication"), and
 * clients find its collection through the service root's `Links.Sessions`. Add what a mockup lacks so that
 * session authentication works everywhere.
 */
export function ensureSessionService(resources: Map<string, MockupEntry>, notes: string[]): void {
  const rootEntry = resources.get(SERVICE_ROOT);
  if (rootEntry?.kind !== 'json') return;
  const root = rootEntry.body;
  const servicePath = normalizePath(linkAt(root, 'SessionService') ?? `${SERVICE_ROOT}/SessionService`);
  const serviceEntry = resources.get(servicePath);
  const service = serviceEntry?.kind === 'json' ? serviceEntry.body : undefined;
  const sessionsPath = normalizePath(
    linkAt(objectAt(root, 'Links'), 'Sessions') ?? linkAt(service, 'Sessions') ?? `${servicePath}/Sessions`,
  );
  if (service === undefined) {
    resources.set(servicePath, {
      kind: 'json',
      source: '(synthesized)',
      body: {
        '@odata.id': servicePath,
        '@odata.type': '#SessionService.v1_1_8.SessionService',
        Id: 'SessionService',
        Name: 'Session Service',
        ServiceEnabled: true,
        SessionTimeout: 1800,
        Sessions: { '@odata.id': sessionsPath },
      },
    });
    notes.push(`synthesized ${servicePath}`);
  }
  if (!resources.has(sessionsPath)) {
    resources.set(sessionsPath, {
      kind: 'json',
      source: '(synthesized)',
      body: {
        '@odata.id': sessionsPath,
        '@odata.type': '#SessionCollection.SessionCollection',
        Name: 'Session Collection',
        'Members@odata.count': 0,
        Members: [],
      },
    });
    notes.push(`synthesized ${sessionsPath}`);
  }
  if (linkAt(root, 'SessionService') === undefined) root.SessionService = { '@odata.id': servicePath };
  const links = objectAt(root, 'Links') ?? {};
  if (linkAt(links, 'Sessions') === undefined) {
    links.Sessions = { '@odata.id': sessionsPath };
    root.Links = links;
    notes.push('added Links.Sessions to the service root');
  }
}

/** `ComputerSystem` from `#ComputerSystem.v1_2_0.ComputerSystem`; undefined without a usable `@odata.type`. */
export function typeName(body: JsonObject): string | undefined {
  const type = stringAt(body, '@odata.type');
  if (type === undefined) return undefined;
  const name = type.replace(/^#/, '').split('.', 1)[0];
  return name === undefined || name === '' ? undefined : name;
}
