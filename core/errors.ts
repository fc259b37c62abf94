/**
 * Every expected failure, with a stable `code` (listed in docs/errors.md) and the HTTP status the API
 * answers with. Messages follow Ironic's wording (ironic/common/exception.py) where clients show them.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 406 | 409 | 413 | 415 | 500 | 503;

/** An error we expect and can explain. */
export abstract class BaremetalError extends Error {
  abstract readonly code: string;
  abstract readonly status: ErrorStatus;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request body, query or header that is not acceptable. */
export class InvalidParameterValue extends BaremetalError {
  readonly code = 'InvalidParameterValue';
  readonly status = 400;
}

/** A required parameter is absent. */
export class MissingParameterValue extends BaremetalError {
  readonly code = 'MissingParameterValue';
  readonly status = 400;
}

/** The verb is not allowed from the node's current provision state. */
export class InvalidStateRequested extends BaremetalError {
  readonly code = 'InvalidStateRequested';
  readonly status = 400;
  constructor(readonly action: string, readonly node: string, readonly state: string) {
    super(`The requested action "${action}" can not be performed on node "${node}" while it is in state "${state}".`);
  }
}

/** The node is in maintenance and the action refuses such nodes. */
export class NodeInMaintenance extends BaremetalError {
  readonly code = 'NodeInMaintenance';
  readonly status = 400;
  constructor(readonly action: string, readonly node: string) {
    super(`The ${action} can not be performed on node ${node} because it is in maintenance mode.`);
  }
}

/** No conductor supports the requested driver. */
export class NoValidHost extends BaremetalError {
  readonly code = 'NoValidHost';
  readonly status = 400;
  constructor(reason: string) {
    super(`No valid host was found. Reason: ${reason}`);
  }
}

/** The hardware type is not known to any conductor. */
export class DriverNotFound extends BaremetalError {
  readonly code = 'DriverNotFound';
  readonly status: 400 | 404;
  constructor(readonly driver: string, status: 400 | 404 = 404) {
    super(`Could not find the following driver(s) or hardware type(s): ${driver}.`);
    this.status = status;
  }
}

/** The interface implementation is not allowed for the hardware type. */
export class InterfaceNotFoundInEntrypoint extends BaremetalError {
  readonly code = 'InterfaceNotFoundInEntrypoint';
  readonly status = 400;
  constructor(readonly iface: string, readonly impl: string, readonly valid: readonly string[]) {
    super(`Could not find the following interface in the 'ironic.hardware.interfaces.${iface}' entrypoint: ${impl}. Valid interfaces are ${valid.map((v) => `'${v}'`).join(', ')}.`);
  }
}

/** A validation failure of one driver interface. */
export class DriverValidationFailed extends BaremetalError {
  readonly code = 'DriverValidationFailed';
  readonly status = 400;
}

/** The step or operation is not supported by the node's driver. */
export class UnsupportedDriverExtension extends BaremetalError {
  readonly code = 'UnsupportedDriverExtension';
  readonly status = 400;
}

/** Authentication is required or failed. */
export class NotAuthorized extends BaremetalError {
  readonly code = 'NotAuthorized';
  readonly status = 401;
}

/** The node is protected against the requested change. */
export class NodeProtected extends BaremetalError {
  readonly code = 'NodeProtected';
  readonly status = 403;
  constructor(readonly node: string) {
    super(`Node ${node} is protected and cannot be undeployed, rebuilt or deleted`);
  }
}

/** Something that does not exist (node, port, chassis ...). */
export class NotFound extends BaremetalError {
  readonly code: string;
  readonly status = 404;
  constructor(readonly kind: string, readonly ident: string, message?: string) {
    super(message ?? `${kind} ${ident} could not be found.`);
    this.code = `${kind.replace(/\s+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase())}NotFound`;
  }
}

/** The requested microversion is outside the supported range, or a field needs a newer one. */
export class NotAcceptable extends BaremetalError {
  readonly code = 'NotAcceptable';
  readonly status = 406;
}

/** The node is reserved by another operation or conductor. */
export class NodeLocked extends BaremetalError {
  readonly code = 'NodeLocked';
  readonly status = 409;
  constructor(readonly node: string, readonly holder: string) {
    super(`Node ${node} is locked by host ${holder}, please retry after the current operation is completed.`);
  }
}

/** A unique constraint: name, UUID, MAC address, hostname ... */
export class Conflict extends BaremetalError {
  readonly code: string;
  readonly status = 409;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** A chassis still holds nodes and cannot be deleted (Ironic: ChassisNotEmpty). */
export class ChassisNotEmpty extends BaremetalError {
  readonly code = 'ChassisNotEmpty';
  readonly status = 400;
  constructor(readonly chassis: string) {
    super(`Cannot complete the requested action because chassis ${chassis} contains nodes.`);
  }
}

/** A portgroup still holds ports and cannot be deleted (Ironic: PortgroupNotEmpty). */
export class PortgroupNotEmpty extends BaremetalError {
  readonly code = 'PortgroupNotEmpty';
  readonly status = 400;
  constructor(readonly portgroup: string) {
    super(`Cannot complete the requested action because portgroup ${portgroup} contains ports.`);
  }
}

/** Another writer changed the record between our read and our write. */
export class ConcurrentUpdate extends BaremetalError {
  readonly code = 'ConcurrentUpdate';
  readonly status = 409;
  constructor(readonly kind: string, readonly ident: string) {
    super(`${kind} ${ident} was updated by another request; retry.`);
  }
}

/** The node is associated with an instance and cannot be deleted. */
export class NodeAssociated extends BaremetalError {
  readonly code = 'NodeAssociated';
  readonly status = 409;
  constructor(readonly node: string, readonly instance: string) {
    super(`Node ${node} is associated with instance ${instance}.`);
  }
}

/** A power change did not happen, or the BMC did not confirm it in time. */
export class PowerStateFailure extends BaremetalError {
  readonly code = 'PowerStateFailure';
  readonly status = 409;
}

/** The request body is too large. */
export class PayloadTooLarge extends BaremetalError {
  readonly code = 'PayloadTooLarge';
  readonly status = 413;
}

/** The request body is not JSON. */
export class UnsupportedMediaType extends BaremetalError {
  readonly code = 'UnsupportedMediaType';
  readonly status = 415;
}

/** Too many deploys or cleans at once ([conductor]max_concurrent_deploy/clean). */
export class ConcurrentActionLimit extends BaremetalError {
  readonly code = 'ConcurrentActionLimit';
  readonly status = 503;
  constructor(readonly action: string, readonly limit: number) {
    super(`Unable to process request at this time. The concurrent ${action} limit of ${limit} has been reached. Please try again later.`);
  }
}

/** Every worker of this conductor is busy ([conductor]workers_pool_size); clients retry 503s. */
export class NoFreeConductorWorker extends BaremetalError {
  readonly code = 'NoFreeConductorWorker';
  readonly status = 503;
  constructor(readonly poolSize: number) {
    super(`Requested action cannot be performed due to lack of free conductor workers (all ${poolSize} are busy); retry shortly.`);
  }
}

/** A temporary condition: no conductor, shutting down, database unreachable. */
export class TemporaryFailure extends BaremetalError {
  readonly code = 'TemporaryFailure';
  readonly status = 503;
}

/** A driver operation failed in a way the operator must look at (BMC errors, agent errors). */
export class DriverOperationError extends BaremetalError {
  readonly code: string;
  readonly status = 500;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The agent in the ramdisk could not be reached: connection refused, timeout, TLS failure (Ironic's AgentConnectionFailed). */
export class AgentConnectionFailed extends BaremetalError {
  readonly code = 'AgentConnectionFailed';
  readonly status = 500;
  constructor(readonly node: string, reason: string, options?: { cause?: unknown }) {
    super(`Connection to the agent of node ${node} failed: ${reason}`, options);
  }
}

/** The agent presented a certificate other than the one it sent with its first TLS heartbeat (pinned). */
export class AgentCertificateMismatch extends BaremetalError {
  readonly code = 'AgentCertificateMismatch';
  readonly status = 500;
  constructor(readonly node: string, options?: { cause?: unknown }) {
    super(`The agent of node ${node} presented a TLS certificate that does not match the one pinned at its first heartbeat; refusing to talk to it.`, options);
  }
}

/** The agent refused the node's agent token (its HTTP 401): the ramdisk belongs to another session. */
export class AgentTokenRejected extends BaremetalError {
  readonly code = 'AgentTokenRejected';
  readonly status = 500;
  constructor(readonly node: string) {
    super(`The agent of node ${node} rejected the agent token; the running ramdisk belongs to another session. Reboot the node into a fresh ramdisk.`);
  }
}

/** The agent is still running another command (its HTTP 409, Ironic's AgentInProgress). */
export class AgentInProgress extends BaremetalError {
  readonly code = 'AgentInProgress';
  readonly status = 409;
  constructor(readonly node: string, readonly command: string, reason: string) {
    super(`The agent of node ${node} is busy and did not start ${command}: ${reason}`);
  }
}

/** The agent answered a command with an error, or the command it ran failed (Ironic's AgentAPIError). */
export class AgentCommandFailed extends BaremetalError {
  readonly code = 'AgentCommandFailed';
  readonly status = 500;
  constructor(readonly node: string, readonly command: string, reason: string, options?: { cause?: unknown }) {
    super(`Agent command ${command} on node ${node} failed: ${reason}`, options);
  }
}

/** A lookup gave neither a valid MAC address nor a node UUID (Ironic's IncompleteLookup). */
export class IncompleteLookup extends BaremetalError {
  readonly code = 'IncompleteLookup';
  readonly status = 400;
  constructor() {
    super("At least one of 'addresses' and 'node_uuid' parameters is required");
  }
}

// Image writing in the agent (issue #5), named after IPA's ImageDownloadError, ImageChecksumError, InvalidImage
// and ImageWriteError so that an operator reading last_error recognises them. The agent reports them as
// command_error {type: name, code: status, message}; the conductor copies the message into last_error.

/** No URL of the image could be downloaded: names the URL and the HTTP status or socket error. */
export class ImageDownloadError extends BaremetalError {
  readonly code = 'ImageDownloadError';
  readonly status = 500;
}

/** The downloaded bytes do not hash to the expected value; the first MiB of the target has been wiped. */
export class ImageChecksumMismatch extends BaremetalError {
  readonly code = 'ImageChecksumMismatch';
  readonly status = 500;
  constructor(
    readonly algorithm: string,
    readonly expected: string,
    readonly actual: string,
    note: string,
  ) {
    super(`Image checksum mismatch: ${algorithm} expected ${expected}, got ${actual}; ${note}`);
  }
}

/**
 * The image or its image_info is refused before (or instead of) writing: unknown or forbidden format, qcow2
 * backing file or data file (Ironic's deep image inspection), too large for the target, no usable checksum.
 */
export class InvalidImage extends BaremetalError {
  readonly code = 'InvalidImage';
  readonly status = 400;
}

/** Writing to the target failed (I/O error, decompressor or qemu-img exit code, abort). */
export class ImageWriteError extends BaremetalError {
  readonly code = 'ImageWriteError';
  readonly status = 500;
}

/** Every stable error code this module can produce; docs/errors.md must list each. */
export const ERROR_CODES: readonly string[] = [
  'InvalidParameterValue', 'MissingParameterValue', 'InvalidStateRequested', 'NodeInMaintenance', 'NoValidHost',
  'DriverNotFound', 'InterfaceNotFoundInEntrypoint', 'DriverValidationFailed', 'UnsupportedDriverExtension',
  'NotAuthorized', 'NodeProtected', 'NodeNotFound', 'PortNotFound', 'PortgroupNotFound', 'ChassisNotFound',
  'AllocationNotFound', 'DeployTemplateNotFound', 'ConductorNotFound', 'ResourceNotFound', 'NotAcceptable',
  'NodeLocked', 'DuplicateName', 'NodeAlreadyExists', 'MACAlreadyExists', 'ConcurrentUpdate', 'NodeAssociated',
  'PowerStateFailure', 'PayloadTooLarge', 'UnsupportedMediaType', 'ConcurrentActionLimit', 'NoFreeConductorWorker', 'TemporaryFailure',
  // persistence (conductor/persistence): unique constraints and delete guards, Ironic's names
  'ChassisNotEmpty', 'PortgroupNotEmpty', 'InstanceAssociated', 'PortAlreadyExists', 'PortDuplicateName',
  'PortgroupAlreadyExists', 'PortgroupDuplicateName', 'PortgroupMACAlreadyExists', 'ChassisAlreadyExists',
  'AllocationAlreadyExists', 'AllocationDuplicateName', 'DeployTemplateAlreadyExists', 'DeployTemplateDuplicateName',
  // api (conductor/api): Ironic's names for refusals the API raises itself
  'InvalidState', 'NodeTransitioning', 'VifAlreadyAttached', 'NodeTraitNotFound', 'NodeInventoryNotFound',
  'NodeHistoryNotFound', 'BIOSSettingNotFound',
  'NodeHistoryAlreadyExists',
  // agent (issue #5): conductor <-> ramdisk agent
  'AgentConnectionFailed', 'AgentCertificateMismatch', 'AgentTokenRejected', 'AgentInProgress', 'AgentCommandFailed',
  'IncompleteLookup', 'AgentLogNotFound',
  // agent image writing (agent/image)
  'ImageDownloadError', 'ImageChecksumMismatch', 'InvalidImage', 'ImageWriteError',
];
