import type { JsonObject } from '../../core/index.js';
import { selfLinks } from './request-context.js';

/** Fields of a resource in output order, each with the microversion that introduced it. */
export type FieldVersions = ReadonlyArray<readonly [string, number]>;

/** How one kind of resource is shown. */
export interface ResourceShape {
  /** Path segment after `/v1/` (`ports`). */
  path: string;
  /** Record key used in URLs (`uuid`, or `hostname` for conductors). */
  idField: string;
  fields: FieldVersions;
  /** Fields after `links` in Ironic's output. */
  afterLinks?: readonly string[];
  /** Fields shown by a list without detail. */
  listFields: ReadonlySet<string>;
  /** Link-only sub-resources shown on full views (`nodes` of a chassis), with their versions. */
  subResources?: FieldVersions;
}

/** Per-request view choices. */
export interface ViewOptions {
  apiMinor: number;
  baseUrl: string;
  fields?: ReadonlySet<string> | undefined;
  summary?: boolean;
}

/** A renderer computed once per request: visible fields by version, `fields=` or list defaults. */
export function createRenderer<T extends object>(shape: ResourceShape, options: ViewOptions): (record: T) => JsonObject {
  const wanted = (name: string): boolean =>
    options.fields ? options.fields.has(name) : options.summary === true ? shape.listFields.has(name) : true;
  const visible = shape.fields.filter(([name, min]) => min <= options.apiMinor && wanted(name)).map(([n]) => n);
  const after = new Set(shape.afterLinks ?? []);
  const before = visible.filter((n) => !after.has(n));
  const tail = visible.filter((n) => after.has(n));
  const full = options.fields === undefined && options.summary !== true;
  const subs = full ? (shape.subResources ?? []).filter(([, min]) => min <= options.apiMinor).map(([n]) => n) : [];
  return (record) => {
    const source = record as Record<string, unknown>;
    const id = String(source[shape.idField]);
    const out: Record<string, unknown> = {};
    for (const field of before) out[field] = source[field] ?? null;
    out['links'] = selfLinks(options.baseUrl, `${shape.path}/${id}`);
    for (const field of tail) out[field] = source[field] ?? null;
    for (const sub of subs) out[sub] = selfLinks(options.baseUrl, `${shape.path}/${id}/${sub}`);
    return out as JsonObject;
  };
}

/** Field name -> minimum version map of a shape, for `fields=`. */
export function fieldMinVersions(shape: ResourceShape): ReadonlyMap<string, number> {
  return new Map(shape.fields);
}
