import { InvalidParameterValue, type JsonValue } from '../../core/index.js';
import { pythonRepr } from './python-repr.js';
import { isJsonObject, schemaError } from './request-body.js';

/** One RFC 6902 operation; Ironic accepts only these three (api/controllers/v1/utils.py). */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: JsonValue;
}

/**
 * Accepted paths. Ironic's pattern is `^(/[\w-]+)+$`; we also take `~0`/`~1` escapes (1.98 semantics),
 * dots and colons, so dict keys such as `/extra/a.b` work.
 */
const PATH_PATTERN = /^(\/[\w.:~-]+)+$/;
const PATH_PATTERN_TEXT = '^(/[\\w.:~-]+)+$';
const OPS = ['add', 'replace', 'remove'];

function checkOperation(item: unknown): PatchOperation {
  if (!isJsonObject(item)) throw schemaError('patch', `${pythonRepr(item)} is not of type 'object'`);
  const extra = Object.keys(item).filter((k) => k !== 'op' && k !== 'path' && k !== 'value');
  if (extra.length > 0) {
    throw schemaError('patch', `Additional properties are not allowed (${extra.map((k) => pythonRepr(k)).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  }
  for (const key of ['op', 'path']) {
    if (!Object.hasOwn(item, key)) throw schemaError('patch', `'${key}' is a required property`);
  }
  const { op, path } = item;
  if (typeof op !== 'string' || !OPS.includes(op)) throw schemaError('patch', `${pythonRepr(op)} is not one of ['add', 'replace', 'remove']`);
  if (typeof path !== 'string') throw schemaError('patch', `${pythonRepr(path)} is not of type 'string'`);
  if (!PATH_PATTERN.test(path)) throw schemaError('patch', `${pythonRepr(path)} does not match '${PATH_PATTERN_TEXT}'`);
  if (op !== 'remove' && !Object.hasOwn(item, 'value')) throw schemaError('patch', `'value' is a required property`);
  return item as unknown as PatchOperation;
}

/** Validates a PATCH body: a non-empty array of add/replace/remove operations on well-formed paths. */
export function parsePatch(body: unknown): PatchOperation[] {
  if (!Array.isArray(body)) throw schemaError('patch', `${pythonRepr(body ?? null)} is not of type 'array'`);
  if (body.length === 0) throw schemaError('patch', '[] is too short');
  return body.map(checkOperation);
}

/** The path's reference tokens with RFC 6901 escapes undone (`~1` -> `/`, then `~0` -> `~`). */
export function decodePointer(path: string): string[] {
  return path.split('/').slice(1).map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty: a key named "__proto__" must stay data, never become the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function arrayIndex(array: unknown[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new Error(`'${token}' is not a valid sequence index`);
  const index = Number(token);
  if (index > array.length || (!forAdd && index === array.length)) throw new Error('index out of range');
  return index;
}

function resolveParent(doc: Record<string, unknown>, tokens: string[]): Container {
  let current: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, false)];
    else if (isContainer(current) && Object.hasOwn(current, token)) current = (current as Record<string, unknown>)[token];
    else throw new Error(`member '${token}' not found in ${pythonRepr(current)}`);
  }
  if (!isContainer(current)) throw new Error(`cannot address a member of ${pythonRepr(current)}`);
  return current;
}

function applyOne(doc: Record<string, unknown>, op: PatchOperation): void {
  const tokens = decodePointer(op.path);
  const parent = resolveParent(doc, tokens);
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, last, op.op === 'add');
    if (op.op === 'add') parent.splice(index, 0, op.value);
    else if (op.op === 'replace') parent[index] = op.value;
    else parent.splice(index, 1);
    return;
  }
  const exists = Object.hasOwn(parent, last);
  if (op.op !== 'add' && !exists) throw new Error(`can't ${op.op} a non-existent object '${last}'`);
  if (op.op === 'remove') delete parent[last];
  else setKey(parent, last, op.value);
}

/**
 * Applies `ops` to a deep copy of `doc` and returns the copy. A failing operation gives Ironic's
 * "Couldn't apply patch '<op>'. Reason: <why>" (400).
 */
export function applyPatch(doc: Record<string, unknown>, ops: readonly PatchOperation[]): Record<string, unknown> {
  const copy = structuredClone(doc);
  for (const op of ops) {
    try {
      applyOne(copy, op);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidParameterValue(`Couldn't apply patch '${pythonRepr(op)}'. Reason: ${reason}`);
    }
  }
  return copy;
}

/** The top-level field each operation touches (first path token). */
export function patchedFields(ops: readonly PatchOperation[]): string[] {
  return [...new Set(ops.map((op) => decodePointer(op.path)[0] ?? ''))];
}
