import {
  InvalidParameterValue, InvalidStateRequested, NodeInMaintenance, NodeLocked, NotAcceptable, ProvisionState,
  VERBS, VERB_MIN_VERSION, nextState, type NodeRecord,
} from '../../core/index.js';
import { abort } from './abort.js';
import { adopt } from './adopt.js';
import { manualClean, provide } from './clean.js';
import type { ConductorDeps } from './conductor-deps.js';
import { deploy } from './deploy.js';
import { inspect } from './inspect.js';
import type { Caller, ProvisionRequest } from './node-actions.js';
import { getNode } from './node-task.js';
import { rescue, unrescue } from './rescue.js';
import { service } from './service.js';
import { undeploy } from './undeploy.js';
import { unhold } from './unhold.js';
import { manage } from './verify.js';

/**
 * PUT /v1/nodes/{id}/states/provision. Checks in Ironic's order (api/controllers/v1/node.py provision):
 * verb microversion (406), maintenance for active/rebuild (400), transition allowed (409 NodeLocked if the
 * node is reserved, else 400), parameters paired with their verb (400); then the use case reserves the node.
 */
export async function provision(deps: ConductorDeps, ident: string, request: ProvisionRequest, caller: Caller): Promise<void> {
  const verb = request.target;
  const minVersion = VERB_MIN_VERSION[verb];
  if (minVersion !== undefined && caller.apiMinor < minVersion) {
    throw new NotAcceptable(`Request not acceptable. The minimal required API version should be 1.${minVersion}`);
  }
  const node = await getNode(deps, ident);
  if ((verb === 'active' || verb === 'rebuild') && node.maintenance) throw new NodeInMaintenance('provisioning operation', node.uuid);
  const event = VERBS[verb];
  if (!event || !nextState(node.provision_state, event)) {
    if (node.reservation) throw new NodeLocked(node.uuid, node.reservation);
    throw new InvalidStateRequested(verb, node.uuid, node.provision_state);
  }
  checkParameters(request, caller, node);
  await dispatch(deps, node, request, caller);
}

async function dispatch(deps: ConductorDeps, node: NodeRecord, request: ProvisionRequest, caller: Caller): Promise<void> {
  const id = node.uuid;
  switch (request.target) {
    case 'manage': return manage(deps, id, caller);
    case 'inspect': return inspect(deps, id, caller);
    case 'provide': return provide(deps, id, caller);
    case 'clean': return manualClean(deps, id, request.clean_steps ?? [], request.disable_ramdisk ?? false, caller);
    case 'active':
    case 'deploy':
    case 'rebuild':
      return deploy(deps, id, { rebuild: request.target === 'rebuild', configdrive: request.configdrive, deploySteps: request.deploy_steps }, caller);
    case 'deleted':
    case 'undeploy': return undeploy(deps, id, caller);
    case 'abort': return abort(deps, id, caller);
    case 'adopt': return adopt(deps, id, caller);
    case 'rescue': return rescue(deps, id, request.rescue_password ?? '', caller);
    case 'unrescue': return unrescue(deps, id, caller);
    case 'unhold': return unhold(deps, id, caller);
    case 'service': return service(deps, id, request.service_steps ?? [], caller);
    default: throw new InvalidStateRequested(request.target, id, node.provision_state);
  }
}

/** Each parameter only with its verb, required ones present (ironic.md §3.3 step 4, 5). */
function checkParameters(request: ProvisionRequest, caller: Caller, node: NodeRecord): void {
  const verb = request.target;
  const deployVerb = verb === 'active' || verb === 'rebuild' || verb === 'deploy';
  if (request.configdrive !== undefined && request.configdrive !== null && request.configdrive !== '') {
    if (!(verb === 'active' || verb === 'deploy' || (verb === 'rebuild' && caller.apiMinor >= 35))) {
      throw new InvalidParameterValue(`Adding a config drive is only supported when setting provision state to ${caller.apiMinor >= 35 ? 'active, rebuild' : 'active'}`);
    }
    if (typeof request.configdrive === 'object' && caller.apiMinor < 56) {
      throw new InvalidParameterValue('Providing a JSON object for configdrive is only supported starting with API version 1.56');
    }
  }
  if (request.clean_steps !== undefined && request.clean_steps.length > 0 && verb !== 'clean') {
    throw new InvalidParameterValue('"clean_steps" is only valid when setting target provision state to clean');
  }
  if (verb === 'clean' && (request.clean_steps === undefined || request.clean_steps.length === 0)) {
    throw new InvalidParameterValue('"clean_steps" is required when setting target provision state to clean');
  }
  if (request.deploy_steps !== undefined && request.deploy_steps.length > 0) {
    if (caller.apiMinor < 69) throw new NotAcceptable('Request not acceptable. The minimal required API version should be 1.69');
    if (!deployVerb) throw new InvalidParameterValue('"deploy_steps" is only valid when setting target provision state to active or rebuild');
  }
  if (request.disable_ramdisk !== undefined && caller.apiMinor < 70) throw new NotAcceptable('Request not acceptable. The minimal required API version should be 1.70');
  checkStepVerbs(request);
  if (request.rescue_password !== undefined && verb !== 'rescue') {
    throw new InvalidParameterValue('"rescue_password" is only valid when setting target provision state to rescue');
  }
  if (verb === 'rescue' && !(request.rescue_password && request.rescue_password.trim())) {
    throw new InvalidParameterValue('A non-empty "rescue_password" is required when setting target provision state to rescue');
  }
  if (node.provision_state === ProvisionState.InspectWait && verb === 'abort' && caller.apiMinor < 41) {
    throw new NotAcceptable('Request not acceptable. The minimal required API version should be 1.41');
  }
}

function checkStepVerbs(request: ProvisionRequest): void {
  const verb = request.target;
  if (request.service_steps !== undefined && request.service_steps.length > 0 && verb !== 'service') {
    throw new InvalidParameterValue('"service_steps" is only valid when setting target provision state to service');
  }
  if (verb === 'service' && (request.service_steps === undefined || request.service_steps.length === 0)) {
    throw new InvalidParameterValue('"service_steps" is required when setting target provision state to service');
  }
}
