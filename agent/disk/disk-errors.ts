import { AgentError } from '../commands/agent-error.js';

// The disk side's failures, as AgentErrors named after IPA's (ironic_python_agent/errors.py) so that the
// conductor's last_error reads like Ironic's: DeviceNotFound (404), BlockDeviceEraseError,
// BlockDeviceError, SoftwareRAIDError, IncompatibleHardwareMethodError (500). Ferro's lab firmware adds
// FirmwareUpdateError (IPA has no generic firmware step; ironic.md §5.2).

/** IPA DeviceNotFound: no disk matches the root device hints, or the hints do not validate. */
export const deviceNotFound = (details: string): AgentError =>
  new AgentError('DeviceNotFound', 404, 'Error finding the disk or partition device to deploy the image onto', details);

/** IPA BlockDeviceEraseError: erasing (metadata or full) failed on one or more disks. */
export const blockDeviceEraseError = (details: string): AgentError =>
  new AgentError('BlockDeviceEraseError', 500, 'Error erasing block device', details);

/** IPA BlockDeviceError: listing the disks failed (lsblk missing, unreadable output). */
export const blockDeviceError = (details: string): AgentError =>
  new AgentError('BlockDeviceError', 500, 'Block device caused unknown error', details);

/** IPA SoftwareRAIDError: target_raid_config invalid for software RAID, or mdadm failed. */
export const softwareRaidError = (details: string): AgentError =>
  new AgentError('SoftwareRAIDError', 500, 'Software RAID caused unknown error', details);

/** IPA IncompatibleHardwareMethodError: this machine cannot do what was asked (e.g. no md support). */
export const incompatibleHardwareMethod = (details: string): AgentError =>
  new AgentError(
    'IncompatibleHardwareMethodError',
    500,
    'HardwareManager method is not compatible with hardware',
    details,
  );

/** Ferro: a firmware image was refused (checksum, header, component) or writing it failed. */
export const firmwareUpdateError = (details: string): AgentError =>
  new AgentError('FirmwareUpdateError', 500, 'Firmware update failed', details);
