import {
  canonicalUuid, Conflict, InvalidParameterValue, isUuid, isValidLogicalName, NodeAssociated, NodeLocked, newNode,
  type NodeRecord,
} from '../../../core/index.js';
import type { ApiDeps } from '../api-deps.js';
import { applyPatch, decodePointer, type PatchOperation } from '../json-patch.js';
import { requireMinor } from '../microversion.js';
import { checkField } from '../request-body.js';
import { findNode } from './find-node.js';
import { NODE_PATCH_FIELDS, NODE_PATCH_SPEC, toConductorGroup, toOptionalBoolean } from './node-body-spec.js';
import { NODE_FIELD_MIN, UPDATE_ALLOWED_STATES } from './node-fields.js';

/** 400 for paths outside PATCH_ALLOWED_FIELDS, 406 for fields newer than the request. */
export function checkPatchPaths(ops: readonly PatchOperation[], apiMinor: number): void {
  for (const op of ops) {
    const field = decodePointer(op.path)[0] ?? '';
    if (!NODE_PATCH_FIELDS.includes(field)) {
      throw new InvalidParameterValue(`Cannot patch ${op.path}. Only the following can be updated: ${NODE_PATCH_FIELDS.join(', ')}`);
    }
    requireMinor(apiMinor, NODE_FIELD_MIN.get(field) ?? 1);
  }
}

/** 409 while a transition is pending, except in UPDATE_ALLOWED_STATES or when only unsetting instance_uuid in maintenance. */
export function checkPatchAllowed(node: NodeRecord, ident: string, ops: readonly PatchOperation[]): void {
  const onlyInstanceRemoval = node.maintenance && ops.every((op) => op.op === 'remove' && op.path === '/instance_uuid');
  if (node.target_provision_state !== null && !UPDATE_ALLOWED_STATES.has(node.provision_state) && !onlyInstanceRemoval) {
    throw new Conflict('NodeTransitioning', `Node ${ident} can not be updated while a state transition is in progress.`);
  }
  if (node.reservation !== null) throw new NodeLocked(node.uuid, node.reservation);
}

function editable(node: NodeRecord): Record<string, unknown> {
  const source = node as unknown as Record<string, unknown>;
  return Object.fromEntries(NODE_PATCH_FIELDS.map((f) => [f, source[f]]));
}

/** Values of the patched fields after type checks; removed fields fall back to their defaults. */
function patchedValues(node: NodeRecord, patched: Record<string, unknown>): Record<string, unknown> {
  const defaults = newNode({ uuid: node.uuid, driver: node.driver, provision_state: node.provision_state, created_at: node.created_at }) as unknown as Record<string, unknown>;
  const before = node as unknown as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const field of NODE_PATCH_FIELDS) {
    if (!Object.hasOwn(patched, field)) {
      if (field === 'driver') throw new InvalidParameterValue("Schema error for patch: 'driver' is a required property");
      values[field] = defaults[field];
      continue;
    }
    const value = patched[field];
    const spec = NODE_PATCH_SPEC[field];
    if (spec) checkField('node', value, spec);
    values[field] = value === null && typeof defaults[field] === 'object' && defaults[field] !== null ? defaults[field] : value;
  }
  return Object.fromEntries(Object.entries(values).filter(([f, v]) => JSON.stringify(v) !== JSON.stringify(before[f])));
}

async function normaliseReferences(deps: ApiDeps, node: NodeRecord, changes: Record<string, unknown>, apiMinor: number): Promise<void> {
  if ('chassis_uuid' in changes) {
    const chassis = changes['chassis_uuid'];
    if (chassis === null) requireMinor(apiMinor, 25);
    else {
      const found = isUuid(chassis) ? await deps.store.chassis.get(canonicalUuid(chassis)) : undefined;
      if (!found) throw new InvalidParameterValue(`Chassis ${String(chassis)} could not be found.`);
      changes['chassis_uuid'] = found.uuid;
    }
  }
  if (typeof changes['parent_node'] === 'string') {
    const parent = await findNode(deps.store, changes['parent_node'], apiMinor).catch(() => undefined);
    if (!parent || parent.uuid === node.uuid) throw new InvalidParameterValue(`Node ${changes['parent_node']} could not be found.`);
    changes['parent_node'] = parent.uuid;
  }
}

function normaliseValues(node: NodeRecord, ident: string, changes: Record<string, unknown>): void {
  const name = changes['name'];
  if (typeof name === 'string' && !isValidLogicalName(name)) {
    throw new InvalidParameterValue(`Node ${ident}: Cannot change name to invalid name '${name}'`);
  }
  const instance = changes['instance_uuid'];
  if (typeof instance === 'string') {
    if (!isUuid(instance)) throw new InvalidParameterValue(`Expected UUID for instance_uuid: ${instance}`);
    if (node.instance_uuid !== null && node.instance_uuid !== instance) throw new NodeAssociated(node.uuid, node.instance_uuid);
    changes['instance_uuid'] = canonicalUuid(instance);
  }
  if ('conductor_group' in changes) changes['conductor_group'] = toConductorGroup(changes['conductor_group']);
  if ('automated_clean' in changes) changes['automated_clean'] = toOptionalBoolean('automated_clean', changes['automated_clean']);
  if ('retired' in changes) changes['retired'] = toOptionalBoolean('retired', changes['retired']) ?? false;
  if (changes['maintenance'] === false) Object.assign(changes, { maintenance_reason: null, fault: null });
}

function checkFlags(node: NodeRecord, after: NodeRecord): void {
  if (after.protected && !node.protected && node.provision_state !== 'active') {
    throw new Conflict('InvalidState', `Node ${node.uuid} can only be made protected in provision state "active", the current state is "${node.provision_state}"`);
  }
  if (after.protected_reason !== null && !after.protected) {
    throw new InvalidParameterValue('The protected_reason field can only be set when protected is True');
  }
  if (after.retired_reason !== null && !after.retired) {
    throw new InvalidParameterValue('The retired_reason field can only be set when retired is True');
  }
}

/**
 * Applies a validated JSON-Patch to a node and stores the result (compare-and-set on `version`).
 * Driver and interface changes are re-checked by `actions.checkNodeUpdate`.
 */
export async function patchNode(
  deps: ApiDeps, ident: string, ops: readonly PatchOperation[], resetInterfaces: boolean | undefined, apiMinor: number,
): Promise<NodeRecord> {
  const node = await findNode(deps.store, ident, apiMinor);
  checkPatchAllowed(node, ident, ops);
  const changes = patchedValues(node, applyPatch(editable(node), ops));
  await normaliseReferences(deps, node, changes, apiMinor);
  normaliseValues(node, ident, changes);
  if (changes['protected'] === false) changes['protected_reason'] = null;
  if (changes['retired'] === false) changes['retired_reason'] = null;
  let after = { ...node, ...changes };
  checkFlags(node, after);
  if (resetInterfaces === true && !('driver' in changes)) {
    throw new InvalidParameterValue("The reset_interfaces parameter can only be used when changing the node's driver.");
  }
  after = deps.actions.checkNodeUpdate(node, after, resetInterfaces ?? false);
  const finalChanges = Object.fromEntries(
    Object.entries(after).filter(([f, v]) => f !== 'version' && JSON.stringify(v) !== JSON.stringify((node as unknown as Record<string, unknown>)[f])),
  );
  if (Object.keys(finalChanges).length === 0) return node;
  return deps.store.nodes.update(node.uuid, node.version, finalChanges);
}
